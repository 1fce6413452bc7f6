package io.cubevk.adapter.k8s.cluster;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGenerator;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.lang.reflect.Type;
import okhttp3.Call;
import okhttp3.OkHttpClient;

/**
 * An informer's list and watch, from a call generator that adds the informer's selectors to both.
 *
 * <p>Watches run on their own HTTP client whose read timeout outlasts the watch's {@code
 * timeoutSeconds}: with client-java's default 10 s read timeout, a quiet watch breaks every ten
 * seconds and the informer relists everything each time. The request itself (headers, credentials)
 * is the one the caller's {@link ApiClient} built.
 */
final class ListWatch<T extends KubernetesObject, L extends KubernetesListObject>
    implements ListerWatcher<T, L> {

  private final ApiClient client;
  private final OkHttpClient watchHttp;
  private final Class<L> listType;
  private final Type watchType;
  private final CallGenerator calls;

  ListWatch(
      ApiClient client,
      OkHttpClient watchHttp,
      Class<T> type,
      Class<L> listType,
      CallGenerator calls) {
    this.client = client;
    this.watchHttp = watchHttp;
    this.listType = listType;
    this.watchType = TypeToken.getParameterized(Watch.Response.class, type).getType();
    this.calls = calls;
  }

  @Override
  public L list(CallGeneratorParams params) throws ApiException {
    Call call = calls.generate(params);
    return client.<L>execute(call, listType).getData();
  }

  @Override
  public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
    Call call = calls.generate(params);
    return Watch.createWatch(client, watchHttp.newCall(call.request()), watchType);
  }
}
