package io.cubevk.adapter.ucloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.common.base.Ticker;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Headers;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * One UCloud call, done properly: common parameters, signature, the client-side rate limit,
 * attempts with a timeout each, the envelope and error table, and retries with backoff inside a
 * total deadline. The port methods in {@link UCloudCubeCloud} only say which action with which
 * parameters, and read the answer.
 *
 * <p>The retry rules: a failure is retried only if it is {@link CloudFailure#retryable()}, the
 * action allows it ({@link UCloudAction.Resend}), attempts remain and the wait fits in the
 * deadline. A {@code Retry-After} header sets the wait; otherwise it is full jitter under the
 * policy's exponential ceiling. A call that makes something new (CreateCubePod, AllocateEIP) is
 * never sent again once the cloud may have acted on it: the caller gets {@link
 * CloudFailure.OutcomeUnknown}.
 */
final class UCloudTransport {

  /** How much of a non-JSON error body is read to look for a RetCode in it. */
  private static final long ERROR_BODY_PEEK_BYTES = 64 * 1024;

  private final UCloudApi api;
  private final UCloudCredentials credentials;
  private final UCloudEndpoint endpoint;
  private final UCloudRetryPolicy policy;
  private final CallPermits permits;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final Clock wallClock;
  private final Redactor redactor;

  UCloudTransport(
      UCloudApi api,
      UCloudCredentials credentials,
      UCloudEndpoint endpoint,
      UCloudRetryPolicy policy,
      CallPermits permits,
      Ticker ticker,
      Sleeper sleeper,
      DoubleSupplier jitter,
      Clock wallClock) {
    this.api = api;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.policy = policy;
    this.permits = permits;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.wallClock = wallClock;
    this.redactor = new Redactor(credentials);
  }

  UCloudEndpoint endpoint() {
    return endpoint;
  }

  Redactor redactor() {
    return redactor;
  }

  /**
   * Calls an action and returns its successful answer.
   *
   * @param params the action's own parameters (common ones are added here)
   * @param method the API method that reads the answer this action gives
   * @throws CloudFailure for every failure, after the retries the rules allow
   */
  <R extends UCloudWire.Envelope> R call(
      UCloudAction action, Map<String, ?> params, UCloudApi.Method<R> method) {
    Map<String, String> fields = signedFields(action, params);
    String subject = subject(action, fields);
    long start = ticker.read();
    long deadline = start + policy.callDeadline().toNanos();
    for (int attempt = 1; ; attempt++) {
      long remaining = deadline - ticker.read();
      if (!permits.tryAcquire(Duration.ofNanos(Math.max(0, remaining)))) {
        throw new CloudFailure.Throttled(
            subject
                + ": the client-side rate limit ("
                + permits
                + ") gives no slot within the call deadline of "
                + policy.callDeadline().toMillis()
                + " ms",
            Optional.empty());
      }
      remaining = deadline - ticker.read();
      Duration timeout =
          Duration.ofNanos(Math.max(1, Math.min(policy.attemptTimeout().toNanos(), remaining)));
      Attempt<R> outcome = attempt(action, subject, fields, method, timeout, attempt);
      if (outcome.answer() != null) {
        return outcome.answer();
      }
      CloudFailure failure = outcome.failure();
      if (action.resend() == UCloudAction.Resend.ONLY_IF_UNPROCESSED
          && outcome.cloudMayHaveActed()) {
        throw new CloudFailure.OutcomeUnknown(
            action
                + " may have been carried out, so it is not sent again: "
                + failure.getMessage()
                + "; look for the result (a Cube by its pod uid) before trying again",
            failure);
      }
      if (!failure.retryable()) {
        throw failure;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw gaveUp(failure, attempt, start, "interrupted");
      }
      if (attempt >= policy.maxAttempts()) {
        throw gaveUp(failure, attempt, start, "no attempts left");
      }
      Duration wait = outcome.retryAfter().orElse(jittered(attempt));
      if (ticker.read() + wait.toNanos() >= deadline) {
        throw gaveUp(
            failure,
            attempt,
            start,
            "the next attempt in " + wait.toMillis() + " ms would pass the call deadline");
      }
      if (WireLog.enabled()) {
        WireLog.LOG.debug(
            "{}: attempt {} failed, retrying in {} ms: {}",
            action,
            attempt,
            wait.toMillis(),
            failure.getMessage());
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw gaveUp(failure, attempt, start, "interrupted while waiting to retry");
      }
    }
  }

  private Map<String, String> signedFields(UCloudAction action, Map<String, ?> params) {
    Map<String, Object> all = new LinkedHashMap<>(params);
    all.put("Action", action.wireName());
    all.put("Region", endpoint.region());
    if (CubeApiAssumptions.ZONE_ACTIONS.contains(action)) {
      all.putIfAbsent("Zone", endpoint.zone());
    }
    endpoint.projectId().ifPresent(project -> all.put("ProjectId", project));
    all.put("PublicKey", credentials.publicKey());
    credentials.securityToken().ifPresent(token -> all.put("SecurityToken", token));
    SortedMap<String, String> flat = UCloudParams.flatten(all);
    Map<String, String> fields = new LinkedHashMap<>(flat);
    fields.put(UCloudSigner.SIGNATURE, UCloudSigner.sign(flat, credentials.privateKey()));
    return fields;
  }

  /** The action and the resource it addresses, as every message about the call starts. */
  private static String subject(UCloudAction action, Map<String, String> fields) {
    StringBuilder subject = new StringBuilder(action.wireName());
    for (String key : List.of("CubeId", "Uid", "EIPId", "UDiskId", "Group")) {
      String value = fields.get(key);
      if (value != null) {
        subject.append(' ').append(key).append('=').append(value);
      }
    }
    return subject.toString();
  }

  private record Attempt<R>(
      R answer, CloudFailure failure, boolean cloudMayHaveActed, Optional<Duration> retryAfter) {

    static <R> Attempt<R> success(R answer) {
      return new Attempt<>(answer, null, false, Optional.empty());
    }

    static <R> Attempt<R> failed(
        CloudFailure failure, boolean cloudMayHaveActed, Optional<Duration> retryAfter) {
      return new Attempt<>(null, failure, cloudMayHaveActed, retryAfter);
    }
  }

  private <R extends UCloudWire.Envelope> Attempt<R> attempt(
      UCloudAction action,
      String subject,
      Map<String, String> fields,
      UCloudApi.Method<R> method,
      Duration timeout,
      int attempt) {
    if (WireLog.enabled()) {
      WireLog.LOG.debug("→ attempt {}: {}", attempt, WireLog.describe(fields));
    }
    SendProgress progress = new SendProgress();
    Call<R> call = method.call(api, fields, progress);
    call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    long sent = ticker.read();
    Response<R> response;
    try {
      response = call.execute();
    } catch (GuardedJsonConverterFactory.MalformedAnswerException e) {
      return Attempt.failed(
          new CloudFailure.Unavailable(subject + ": " + e.getMessage()), true, Optional.empty());
    } catch (JsonProcessingException e) {
      return Attempt.failed(
          new CloudFailure.Unavailable(
              subject
                  + ": answered with something that is not UCloud's JSON envelope ("
                  + redactor.scrub(e.getOriginalMessage())
                  + ")"),
          true,
          Optional.empty());
    } catch (IOException e) {
      return transportFailure(subject, e, timeout, progress.mayHaveBeenSent());
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(ticker.read() - sent);
    Optional<Duration> retryAfter = retryAfter(response.headers());
    if (!response.isSuccessful()) {
      if (WireLog.enabled()) {
        WireLog.LOG.debug("← {} HTTP {} in {} ms", action, response.code(), millis);
      }
      return httpFailure(action, subject, response, retryAfter);
    }
    R answer = response.body();
    if (answer == null || answer.retCode() == null) {
      return Attempt.failed(
          new CloudFailure.Unavailable(
              subject + ": answered without a RetCode; accepted is UCloud's JSON envelope"),
          true,
          Optional.empty());
    }
    if (WireLog.enabled()) {
      WireLog.LOG.debug("← {} RetCode {} in {} ms", action, answer.retCode(), millis);
    }
    String expectedAction = action.wireName() + "Response";
    if (answer.action() != null
        && !answer.action().isEmpty()
        && !answer.action().equals(expectedAction)) {
      return Attempt.failed(
          new CloudFailure.Unavailable(
              subject
                  + ": answered as Action '"
                  + redactor.scrub(answer.action())
                  + "'; expected "
                  + expectedAction),
          true,
          Optional.empty());
    }
    if (answer.retCode() == 0) {
      return Attempt.success(answer);
    }
    RetCodeTable.Classified classified =
        RetCodeTable.classify(action, subject, answer.retCode(), redactor.scrub(answer.message()));
    return Attempt.failed(
        withRetryAfter(classified.failure(), retryAfter),
        classified.cloudMayHaveActed(),
        retryAfter);
  }

  private <R> Attempt<R> transportFailure(
      String subject, IOException e, Duration timeout, boolean mayHaveBeenSent) {
    String what;
    if (e instanceof InterruptedIOException
        && !(e instanceof SocketTimeoutException)
        && "interrupted".equals(e.getMessage())) {
      // Okio noticed the interrupt and cleared the flag on the way: put it back, so that the
      // retry loop stops and the caller sees it.
      Thread.currentThread().interrupt();
      what = "interrupted";
    } else if (e instanceof InterruptedIOException) {
      what =
          Thread.currentThread().isInterrupted()
              ? "interrupted"
              : "no answer within " + timeout.toMillis() + " ms";
    } else {
      what = e.getClass().getSimpleName() + ": " + redactor.scrub(e.getMessage());
    }
    if (!mayHaveBeenSent) {
      return Attempt.failed(
          new CloudFailure.Unavailable(
              subject + ": cannot reach " + endpoint.httpUrl().host() + " (" + what + ")", e),
          false,
          Optional.empty());
    }
    return Attempt.failed(
        new CloudFailure.Unavailable(
            subject + ": the connection failed after the request was sent (" + what + ")", e),
        true,
        Optional.empty());
  }

  private <R> Attempt<R> httpFailure(
      UCloudAction action, String subject, Response<?> response, Optional<Duration> retryAfter) {
    int code = response.code();
    String status = "HTTP " + code;
    if (code == 429) {
      return Attempt.failed(
          new CloudFailure.Throttled(subject + ": rate limited (" + status + ")", retryAfter),
          false,
          retryAfter);
    }
    if (code >= 500) {
      // A gateway's 5xx may come after the service acted: a create is not sent again.
      return Attempt.failed(
          new CloudFailure.Unavailable(subject + ": UCloud unavailable (" + status + ")"),
          true,
          retryAfter);
    }
    Optional<UCloudWire.Plain> envelope = peekEnvelope(response.errorBody());
    if (envelope.isPresent() && envelope.get().retCode() != 0) {
      RetCodeTable.Classified classified =
          RetCodeTable.classify(
              action, subject, envelope.get().retCode(), redactor.scrub(envelope.get().message()));
      return Attempt.failed(classified.failure(), classified.cloudMayHaveActed(), retryAfter);
    }
    if (code == 401 || code == 403) {
      return Attempt.failed(
          new CloudFailure.Unauthorized(subject + ": credentials rejected (" + status + ")"),
          false,
          retryAfter);
    }
    return Attempt.failed(
        new CloudFailure.Rejected(
            status, subject + ": rejected (" + status + "); accepted is HTTP 200 with RetCode 0"),
        false,
        retryAfter);
  }

  /** A RetCode envelope in a non-2xx answer, if the body is small JSON carrying one. */
  private static Optional<UCloudWire.Plain> peekEnvelope(ResponseBody body) {
    if (body == null) {
      return Optional.empty();
    }
    try (body) {
      if (!GuardedJsonConverterFactory.isJson(body.contentType())) {
        return Optional.empty();
      }
      okio.BufferedSource source = body.source();
      if (!source.request(ERROR_BODY_PEEK_BYTES)) {
        UCloudWire.Plain plain =
            GuardedJsonConverterFactory.mapper()
                .readValue(source.getBuffer().readUtf8(), UCloudWire.Plain.class);
        return Optional.ofNullable(plain).filter(p -> p.retCode() != null);
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The Retry-After header: delta-seconds or an HTTP date. */
  private Optional<Duration> retryAfter(Headers headers) {
    String value = headers.get("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    try {
      long seconds = Long.parseLong(text);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(wallClock.instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static CloudFailure withRetryAfter(CloudFailure failure, Optional<Duration> retryAfter) {
    if (failure instanceof CloudFailure.Throttled throttled
        && throttled.retryAfter().isEmpty()
        && retryAfter.isPresent()) {
      return new CloudFailure.Throttled(throttled.getMessage(), retryAfter);
    }
    return failure;
  }

  /** Full jitter: uniformly between zero and the attempt's exponential ceiling. */
  private Duration jittered(int attempt) {
    long ceiling = policy.backoffCeiling(attempt).toNanos();
    double fraction = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos((long) (ceiling * fraction));
  }

  /** The last failure, its message saying how the retries ended. */
  private CloudFailure gaveUp(CloudFailure last, int attempts, long start, String why) {
    String message =
        last.getMessage()
            + " [gave up after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " in "
            + TimeUnit.NANOSECONDS.toMillis(ticker.read() - start)
            + " ms: "
            + why
            + "]";
    if (last instanceof CloudFailure.Unavailable) {
      return new CloudFailure.Unavailable(message, last.getCause());
    }
    if (last instanceof CloudFailure.Throttled throttled) {
      return new CloudFailure.Throttled(message, throttled.retryAfter());
    }
    if (last instanceof CloudFailure.OutcomeUnknown) {
      return new CloudFailure.OutcomeUnknown(message, last.getCause());
    }
    return last;
  }
}
