package io.cubevk.archfixture.domain.pod;

/** Bad: a domain value that knows an HTTP client type. */
public final class LeakyHttpValue {
  public okhttp3.HttpUrl url() {
    return okhttp3.HttpUrl.get("http://127.0.0.1/");
  }
}
