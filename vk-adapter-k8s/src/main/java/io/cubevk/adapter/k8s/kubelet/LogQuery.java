package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.out.cloud.LogOptions;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code /containerLogs} query parameters into {@link LogOptions}, validated as kubelet validates
 * {@code PodLogOptions}: a value that does not decode is 400 {@code {"message": "Unable to decode
 * query."}}, a value that decodes but is invalid (sinceSeconds and sinceTime together, a
 * non-positive sinceSeconds or limitBytes, a negative tailLines) is 422 {@code {"message": "Invalid
 * request."}}. The legacy {@code tail} parameter is honoured ("all" = everything).
 */
final class LogQuery {

  /** A refused query and kubelet's answer to it. */
  record Refusal(HttpResponseStatus status, String body) {}

  static final Refusal UNDECODABLE =
      new Refusal(HttpResponseStatus.BAD_REQUEST, "{\"message\": \"Unable to decode query.\"}");
  static final Refusal INVALID =
      new Refusal(HttpResponseStatus.UNPROCESSABLE_ENTITY, "{\"message\": \"Invalid request.\"}");

  private LogQuery() {}

  /** Either options or the refusal (exactly one is present). */
  record Parsed(Optional<LogOptions> options, Optional<Refusal> refusal) {}

  static Parsed parse(KubeletRequest request, Clock clock) {
    try {
      LogOptions.Builder options = new LogOptions.Builder();
      options.follow(QueryValues.bool(request.param("follow"), "follow"));
      options.previous(QueryValues.bool(request.param("previous"), "previous"));
      options.timestamps(QueryValues.bool(request.param("timestamps"), "timestamps"));
      Optional<String> tail = request.param("tail");
      Optional<Long> tailLines =
          tail.isPresent() && !tail.get().isEmpty()
              ? (tail.get().equals("all") ? Optional.empty() : QueryValues.integer(tail, "tail"))
              : QueryValues.integer(request.param("tailLines"), "tailLines");
      Optional<Long> sinceSeconds =
          QueryValues.integer(request.param("sinceSeconds"), "sinceSeconds");
      Optional<Long> limitBytes = QueryValues.integer(request.param("limitBytes"), "limitBytes");
      Optional<Instant> sinceTime = Optional.empty();
      Optional<String> sinceTimeText = request.param("sinceTime").filter(s -> !s.isEmpty());
      if (sinceTimeText.isPresent()) {
        try {
          sinceTime = Optional.of(Instant.parse(sinceTimeText.get()));
        } catch (DateTimeParseException e) {
          return refused(UNDECODABLE);
        }
      }
      if (sinceSeconds.isPresent() && sinceTime.isPresent()) {
        return refused(INVALID);
      }
      if (sinceSeconds.isPresent() && sinceSeconds.get() < 1) {
        return refused(INVALID);
      }
      if (tailLines.isPresent() && tailLines.get() < 0) {
        return refused(INVALID);
      }
      if (limitBytes.isPresent() && limitBytes.get() < 1) {
        return refused(INVALID);
      }
      if (tailLines.isPresent() && tailLines.get() > Integer.MAX_VALUE) {
        return refused(INVALID);
      }
      tailLines.ifPresent(t -> options.tailLines(t.intValue()));
      limitBytes.ifPresent(options::limitBytes);
      if (sinceSeconds.isPresent()) {
        options.since(clock.instant().minusSeconds(sinceSeconds.get()));
      }
      sinceTime.ifPresent(options::since);
      return new Parsed(Optional.of(options.build()), Optional.empty());
    } catch (QueryValues.BadValue e) {
      return refused(UNDECODABLE);
    }
  }

  private static Parsed refused(Refusal refusal) {
    return new Parsed(Optional.empty(), Optional.of(refusal));
  }
}
