package io.cubevk.adapter.k8s.cluster;

import io.cubevk.ports.out.cluster.ClusterFailure;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.lang.reflect.Type;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Runs client-java calls and turns their exceptions into {@link ClusterFailure}s. Patches get the
 * patch type as their Content-Type (client-java's generated calls cannot choose it), and writes
 * whose answer the adapter does not need are executed without reading the body into a model:
 * client-java 25+ refuses unknown fields, and some answers (a pod delete, a binding) may be a
 * {@code Status} rather than the object.
 */
final class Requests {

  /** A call as the generated API builds it. */
  interface CallBuilder {
    Call build() throws ApiException;
  }

  private final ApiClient client;

  Requests(ApiClient client) {
    this.client = client;
  }

  ApiClient client() {
    return client;
  }

  /** Executes the call and reads the answer as {@code type}. */
  <T> T execute(String what, CallBuilder call, Type type) {
    try {
      return client.<T>execute(call.build(), type).getData();
    } catch (ApiException e) {
      throw ClusterFailures.of(what, e);
    }
  }

  /** Sends a patch of the given format ({@link V1Patch#PATCH_FORMAT_JSON_MERGE_PATCH}, …). */
  <T> T patch(String what, CallBuilder call, String patchFormat, Type type) {
    try {
      Request request = call.build().request();
      Request withType =
          request.newBuilder().patch(new TypedBody(request.body(), patchFormat)).build();
      return client.<T>execute(client.getHttpClient().newCall(withType), type).getData();
    } catch (ApiException e) {
      throw ClusterFailures.of(what, e);
    }
  }

  /**
   * Executes a call whose answer is not needed, checking only its HTTP code.
   *
   * @throws ApiException for any answer but 2xx, so the caller can treat some codes as success
   */
  void executeIgnoringBody(CallBuilder call) throws ApiException {
    try (Response response = call.build().execute()) {
      if (!response.isSuccessful()) {
        String body = response.body() == null ? "" : response.body().string();
        throw new ApiException(response.code(), response.headers().toMultimap(), body);
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
  }

  /** A request body with another Content-Type. */
  private static final class TypedBody extends RequestBody {
    private final RequestBody body;
    private final MediaType type;

    TypedBody(RequestBody body, String contentType) {
      this.body = body;
      this.type = MediaType.parse(contentType);
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() throws IOException {
      return body.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      body.writeTo(sink);
    }
  }
}
