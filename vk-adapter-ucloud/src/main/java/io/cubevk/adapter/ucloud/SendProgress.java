package io.cubevk.adapter.ucloud;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Whether one attempt's request may have reached the server. It is set by a network interceptor,
 * which OkHttp runs only once a connection is open, right before the request is written: a failure
 * before that (DNS, connect, TLS) proves the cloud never saw the request, anything later does not.
 */
final class SendProgress {

  private volatile boolean mayHaveBeenSent;

  boolean mayHaveBeenSent() {
    return mayHaveBeenSent;
  }

  /** The network interceptor that marks the tagged request as sent. */
  static final class Marker implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      SendProgress progress = chain.request().tag(SendProgress.class);
      if (progress != null) {
        progress.mayHaveBeenSent = true;
      }
      return chain.proceed(chain.request());
    }
  }
}
