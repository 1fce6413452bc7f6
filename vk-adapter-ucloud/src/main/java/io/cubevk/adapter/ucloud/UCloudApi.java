package io.cubevk.adapter.ucloud;

import java.util.Map;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/**
 * The UCloud API as Retrofit sees it: one form-encoded POST to the base URL per action, the action
 * being one of the signed fields. The methods differ only in the answer they read. {@code "."}
 * (rather than {@code "/"}) keeps a base URL's path, so an emulator mounted under a prefix works as
 * well as {@code https://api.ucloud.cn/}.
 *
 * <p>The {@link SendProgress} tag lets the transport tell "never reached the server" from "sent,
 * answer lost", which decides whether a create may be sent again.
 */
interface UCloudApi {

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.Plain> plain(@FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.CubePod> cubePod(
      @FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.CubePodPage> cubePodPage(
      @FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.ExtendInfoList> extendInfo(
      @FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.ExecToken> execToken(
      @FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.Metrics> metrics(
      @FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.AllocatedEips> allocatedEips(
      @FieldMap Map<String, String> fields, @Tag SendProgress progress);

  @FormUrlEncoded
  @POST(".")
  Call<UCloudWire.UDisks> uDisks(@FieldMap Map<String, String> fields, @Tag SendProgress progress);

  /** One of the methods above, chosen by the caller for the answer it expects. */
  @FunctionalInterface
  interface Method<R extends UCloudWire.Envelope> {
    Call<R> call(UCloudApi api, Map<String, String> fields, SendProgress progress);
  }
}
