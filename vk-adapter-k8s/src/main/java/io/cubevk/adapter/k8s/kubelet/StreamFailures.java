package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.in.StreamTargetUnavailable;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream that could not be opened, answered as kubelet answers: 404 for a pod or container it
 * does not run (with kubelet's wording per endpoint), 400 for a container that is not running, 429
 * when the cloud throttles, 501 when the cloud cannot do it at all (e.g. Cube has no log API), 400
 * for other log failures and 500 for other stream failures.
 */
final class StreamFailures {

  private static final Logger log = LoggerFactory.getLogger(StreamFailures.class);

  private StreamFailures() {}

  static FullHttpResponse response(
      Throwable failure, Route.Kind kind, PodRef pod, String container) {
    if (failure instanceof StreamTargetUnavailable unavailable) {
      switch (unavailable.reason()) {
        case POD_NOT_FOUND:
          return HttpResponses.text(
              HttpResponseStatus.NOT_FOUND,
              kind == Route.Kind.CONTAINER_LOGS
                  ? "pod \"" + pod.name() + "\" does not exist"
                  : "pod does not exist");
        case CONTAINER_NOT_FOUND:
          return HttpResponses.text(
              HttpResponseStatus.NOT_FOUND,
              kind == Route.Kind.CONTAINER_LOGS
                  ? "container \"" + container + "\" not found in pod \"" + pod.name() + "\""
                  : "container not found (\"" + container + "\")");
        case CONTAINER_NOT_RUNNING:
        default:
          return HttpResponses.text(HttpResponseStatus.BAD_REQUEST, unavailable.getMessage());
      }
    }
    if (failure instanceof CloudFailure.Throttled throttled) {
      FullHttpResponse response =
          HttpResponses.text(HttpResponseStatus.TOO_MANY_REQUESTS, throttled.getMessage());
      throttled
          .retryAfter()
          .ifPresent(
              after ->
                  response
                      .headers()
                      .set(HttpHeaderNames.RETRY_AFTER, Math.max(1, after.toSeconds())));
      return response;
    }
    if (failure instanceof CloudFailure.Unsupported unsupported) {
      return HttpResponses.text(HttpResponseStatus.NOT_IMPLEMENTED, unsupported.getMessage());
    }
    if (failure instanceof CloudFailure cloudFailure) {
      return HttpResponses.text(
          kind == Route.Kind.CONTAINER_LOGS
              ? HttpResponseStatus.BAD_REQUEST
              : HttpResponseStatus.INTERNAL_SERVER_ERROR,
          cloudFailure.getMessage());
    }
    log.error(
        "Opening {} for pod {} container {} failed unexpectedly", kind, pod, container, failure);
    return HttpResponses.text(
        HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error opening the stream");
  }

  /** The message of a failure that ends a stream already under way. */
  static String message(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
