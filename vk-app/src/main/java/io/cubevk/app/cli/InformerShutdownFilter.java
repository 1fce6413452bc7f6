package io.cubevk.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the ERROR lines client-java's informers write when they are stopped ("processor
 * interrupted", "processLoop get interrupted"): every clean shutdown of the agent would otherwise
 * end with a dozen errors that mean nothing. Other informer errors pass.
 */
public final class InformerShutdownFilter extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger != null
        && logger.getName().startsWith("io.kubernetes.client.informer.")
        && (t instanceof InterruptedException
            || format != null && format.contains("interrupted"))) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
