package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.PortForwardSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One forwarded connection to a port a running container declares ({@code containerPort}, TCP),
 * answered by a {@link PortResponder}. A port nobody declares refuses the connection, as a closed
 * port would; if the container stops, the connection breaks.
 */
final class PortForwardStream implements PortForwardSession, StreamHub.Polled {

  private final StreamHub hub;
  private final Delivery delivery;
  private final CubeEntry entry;
  private final String container;
  private final ByteSink fromCube;
  private final PortResponder responder;
  private boolean done;

  private PortForwardStream(
      StreamHub hub, CubeEntry entry, String container, int port, ByteSink fromCube) {
    this.hub = hub;
    this.delivery = new Delivery(hub);
    this.entry = entry;
    this.container = container;
    this.fromCube = fromCube;
    this.responder =
        new PortResponder(
            entry.id
                + " (pod "
                + entry.spec().name()
                + ") container "
                + container
                + " port "
                + port);
  }

  static PortForwardStream open(
      StreamHub hub, Clock clock, CubeEntry entry, int port, ByteSink fromCube) {
    CubeSpec spec = entry.spec();
    Optional<CubeContainer> listener =
        spec.containers().stream()
            .filter(
                c ->
                    c.ports().stream()
                        .anyMatch(
                            p -> p.containerPort() == port && p.protocol().equalsIgnoreCase("TCP")))
            .findFirst();
    if (listener.isEmpty()) {
      TreeSet<Integer> declared = new TreeSet<>();
      spec.containers().forEach(c -> c.ports().forEach(p -> declared.add(p.containerPort())));
      throw ApiError.invalid(
          "port-forward to "
              + entry.id
              + " port "
              + port
              + ": connection refused (the Cube's containers declare TCP ports "
              + declared
              + ")");
    }
    String name = listener.get().name();
    ExecStream.requireRunning(entry, name, clock.instant(), "forward a port of");
    PortForwardStream stream = new PortForwardStream(hub, entry, name, port, fromCube);
    hub.open(stream);
    return stream;
  }

  @Override
  public void send(byte[] bytes) {
    synchronized (this) {
      if (done) {
        return;
      }
      List<byte[]> answers = responder.receive(bytes);
      for (byte[] a : answers) {
        delivery.submit(() -> fromCube.write(a));
      }
      if (responder.closeRequested()) {
        end();
      }
    }
  }

  @Override
  public void closeOutput() {
    synchronized (this) {
      end();
    }
  }

  @Override
  public void poll(Instant now) {
    boolean alive =
        !entry.deleting()
            && entry.withContainer(container, now, ContainerSim::running).orElse(false);
    if (alive) {
      return;
    }
    synchronized (this) {
      if (!done) {
        done = true;
        hub.closed(this);
        delivery.submit(
            () ->
                fromCube.fail(
                    new CloudFailure.Unavailable(
                        "port-forward to "
                            + entry.id
                            + ": container \""
                            + container
                            + "\" stopped; connection lost")));
      }
    }
  }

  private void end() {
    if (!done) {
      done = true;
      hub.closed(this);
      delivery.submit(fromCube::end);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
    }
    hub.closed(this);
    delivery.close();
  }
}
