package io.cubevk.adapter.ucloud;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * Jackson's Retrofit converter behind two checks an HTTP 200 must pass before it is read as
 * UCloud's envelope: the body says it is JSON (a proxy's or captive portal's HTML page is not an
 * answer of the API), and it is not larger than a set limit (a runaway body must not exhaust the
 * heap). Either failure is a {@link MalformedAnswerException}.
 */
final class GuardedJsonConverterFactory extends Converter.Factory {

  private final JacksonConverterFactory jackson;
  private final long maxBytes;

  private GuardedJsonConverterFactory(ObjectMapper mapper, long maxBytes) {
    this.jackson = JacksonConverterFactory.create(mapper);
    this.maxBytes = maxBytes;
  }

  static GuardedJsonConverterFactory create(long maxBytes) {
    return new GuardedJsonConverterFactory(mapper(), maxBytes);
  }

  /** The mapper for UCloud's answers: lenient about new fields, strict about broken JSON. */
  static ObjectMapper mapper() {
    // Scalar coercion stays on (Jackson's default): RetCode arrives as 171 or as "171".
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> delegate =
        jackson.responseBodyConverter(type, annotations, retrofit);
    return body -> delegate.convert(guarded(body));
  }

  private ResponseBody guarded(ResponseBody body) throws IOException {
    MediaType type = body.contentType();
    if (!isJson(type)) {
      body.close();
      throw new MalformedAnswerException(
          "answered with Content-Type "
              + (type == null ? "(none)" : "'" + type + "'")
              + "; accepted is application/json");
    }
    long declared = body.contentLength();
    if (declared > maxBytes) {
      body.close();
      throw tooLarge(declared + " bytes declared");
    }
    ForwardingSource limited =
        new ForwardingSource(body.source()) {
          private long total;

          @Override
          public long read(Buffer sink, long byteCount) throws IOException {
            long read = super.read(sink, byteCount);
            if (read > 0) {
              total += read;
              if (total > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes read");
              }
            }
            return read;
          }
        };
    return ResponseBody.create(Okio.buffer(limited), type, declared);
  }

  private MalformedAnswerException tooLarge(String what) {
    return new MalformedAnswerException(
        "answer too large (" + what + "); accepted are up to " + maxBytes + " bytes");
  }

  static boolean isJson(MediaType type) {
    if (type == null) {
      return false;
    }
    String subtype = type.subtype().toLowerCase(java.util.Locale.ROOT);
    return subtype.equals("json") || subtype.endsWith("+json");
  }

  /** A 2xx answer that is not UCloud's JSON envelope (wrong Content-Type, too large). */
  static final class MalformedAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedAnswerException(String message) {
      super(message);
    }
  }
}
