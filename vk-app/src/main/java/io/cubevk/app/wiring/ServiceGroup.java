package io.cubevk.app.wiring;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several services that come and go together as one element of a tier (the pod engine hands its
 * services out as a list), run by a Guava {@link ServiceManager}.
 */
final class ServiceGroup extends AbstractIdleService {

  private final String name;
  private final ServiceManager manager;

  ServiceGroup(String name, List<Service> services) {
    this.name = name;
    this.manager = new ServiceManager(services);
  }

  @Override
  protected void startUp() {
    manager.startAsync().awaitHealthy();
  }

  @Override
  protected void shutDown() throws Exception {
    manager.stopAsync().awaitStopped(Agent.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected String serviceName() {
    return name;
  }
}
