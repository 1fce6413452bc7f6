package io.cubevk.app.wiring;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.BindingAnnotation;
import com.google.inject.multibindings.Multibinder;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The three groups of long-running services. A Guava {@code ServiceManager} starts its services all
 * at once and stops them all at once; the agent needs an order (informers before workers, workers
 * before the Node is registered, and the reverse on shutdown), so each tier is a {@code
 * Multibinder<Service>} of its own, run by its own manager, one tier after the other.
 */
public final class Tiers {

  private Tiers() {}

  /** Connections to the outside: cluster informers, HTTP servers (metrics, kubelet API). */
  @BindingAnnotation
  @Target({FIELD, PARAMETER, METHOD})
  @Retention(RUNTIME)
  public @interface Infrastructure {}

  /** The pod engine: Cube cache, pod workers, orphan collector. */
  @BindingAnnotation
  @Target({FIELD, PARAMETER, METHOD})
  @Retention(RUNTIME)
  public @interface Engine {}

  /** The virtual nodes: registering a Node invites pods, so this tier starts last. */
  @BindingAnnotation
  @Target({FIELD, PARAMETER, METHOD})
  @Retention(RUNTIME)
  public @interface Nodes {}

  public static Multibinder<Service> infrastructure(Binder binder) {
    return Multibinder.newSetBinder(binder, Service.class, Infrastructure.class);
  }

  public static Multibinder<Service> engine(Binder binder) {
    return Multibinder.newSetBinder(binder, Service.class, Engine.class);
  }

  public static Multibinder<Service> nodes(Binder binder) {
    return Multibinder.newSetBinder(binder, Service.class, Nodes.class);
  }

  /** Declares the three tiers, so that a tier no module adds to is an empty set. */
  static final class Declarations extends AbstractModule {
    @Override
    protected void configure() {
      // One agent per injector: the health endpoints ask the very agent that runs them.
      bind(Agent.class).in(com.google.inject.Singleton.class);
      infrastructure(binder());
      engine(binder());
      nodes(binder());
    }
  }
}
