package io.cubevk.adapter.fake.ucloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cubevk.adapter.fake.cloud.ApiError;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCloudApi;
import io.cubevk.adapter.fake.cloud.RetCodes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UCloud API request: parameters from the form (or JSON) body, the action, the signature, then
 * the action itself, answered in UCloud's envelope with HTTP 200 whatever the RetCode. An outage
 * answers HTTP 503; a lost answer resets the connection after the action was performed. Runs on the
 * emulator's handler threads, never on the I/O thread (injected latency sleeps here).
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeCloudApi cloud;
  private final Actions actions;
  private final Map<String, String> privateKeys; // public key -> private key
  private final AtomicLong requests = new AtomicLong();

  ApiHandler(FakeCloudApi cloud, Map<String, String> privateKeys) {
    this.cloud = cloud;
    this.actions = new Actions(cloud);
    this.privateKeys = Map.copyOf(privateKeys);
  }

  long requests() {
    return requests.get();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    requests.incrementAndGet();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.method().equals(HttpMethod.POST)) {
      plain(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "POST only\n", keepAlive);
      return;
    }
    if (!new QueryStringDecoder(request.uri()).path().equals("/")) {
      plain(ctx, HttpResponseStatus.NOT_FOUND, "the UCloud API answers on / only\n", keepAlive);
      return;
    }
    Params params;
    try {
      params = parse(request);
    } catch (IOException | IllegalArgumentException e) {
      plain(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "unreadable body: " + e.getMessage() + "\n",
          keepAlive);
      return;
    }
    Optional<String> actionName = params.optional("Action");
    if (actionName.isEmpty()) {
      envelope(ctx, "", RetCodes.MISSING_ACTION, "Missing Action", Map.of(), keepAlive);
      return;
    }
    Optional<CloudAction> action = CloudAction.fromWireName(actionName.get());
    if (action.isEmpty()) {
      envelope(
          ctx,
          actionName.get(),
          RetCodes.ACTION_NOT_FOUND,
          "Action [" + actionName.get() + "] not found",
          Map.of(),
          keepAlive);
      return;
    }
    String wireName = action.get().wireName();
    Optional<Refusal> refusal = checkCredentials(params);
    if (refusal.isPresent()) {
      Refusal r = refusal.get();
      cloud.recordRefusal(action.get(), "(credentials)", r.retCode(), r.message());
      envelope(ctx, wireName, r.retCode(), r.message(), Map.of(), keepAlive);
      return;
    }
    try {
      params.required("Region");
      Map<String, Object> fields = actions.serve(action.get(), params);
      envelope(ctx, wireName, RetCodes.OK, null, fields, keepAlive);
    } catch (ApiError e) {
      switch (e.kind()) {
        case REFUSED -> envelope(ctx, wireName, e.retCode(), e.getMessage(), Map.of(), keepAlive);
        case OUTAGE ->
            plain(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable\n", false);
        case ANSWER_LOST, TIMED_OUT -> {
          // Lost: the action happened; timed out: it did not. Either way the client gets a reset
          // connection instead of an answer (after the timeout's wait).
          LOG.debug("{}: dropping the answer ({})", wireName, e.kind());
          ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
          ctx.close();
        }
      }
    } catch (BadRequest e) {
      cloud.recordRefusal(action.get(), "(parameters)", e.retCode(), e.getMessage());
      envelope(ctx, wireName, e.retCode(), e.getMessage(), Map.of(), keepAlive);
    } catch (RuntimeException e) {
      LOG.warn("{}: the emulator failed", wireName, e);
      envelope(ctx, wireName, RetCodes.INTERNAL_ERROR, "Internal error", Map.of(), keepAlive);
    }
  }

  private record Refusal(int retCode, String message) {}

  /** Why the request's credentials do not hold, or empty when they do. */
  private Optional<Refusal> checkCredentials(Params params) {
    if (params.optional(RequestSignature.SIGNATURE).isEmpty()) {
      return Optional.of(new Refusal(RetCodes.MISSING_SIGNATURE, "Missing signature"));
    }
    String privateKey = params.optional("PublicKey").map(privateKeys::get).orElse(null);
    if (privateKey == null) {
      return Optional.of(new Refusal(RetCodes.USER_NOT_FOUND, "User not found for this PublicKey"));
    }
    if (!RequestSignature.verify(params.all(), privateKey)) {
      return Optional.of(new Refusal(RetCodes.SIGNATURE_ERROR, "Signature VerifyAC Error"));
    }
    return Optional.empty();
  }

  private static Params parse(FullHttpRequest request) throws IOException {
    String contentType =
        Optional.ofNullable(request.headers().get(HttpHeaderNames.CONTENT_TYPE)).orElse("");
    String body = request.content().toString(StandardCharsets.UTF_8);
    if (contentType.startsWith("application/json")) {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("a JSON body must be an object");
      }
      return Params.fromJson(node);
    }
    Map<String, String> values = new LinkedHashMap<>();
    // Query-string parameters count too (UCloud also takes GET-style requests); the body wins.
    new QueryStringDecoder(request.uri()).parameters().forEach((k, v) -> values.put(k, v.get(0)));
    QueryStringDecoder form = new QueryStringDecoder(body, StandardCharsets.UTF_8, false);
    for (Map.Entry<String, List<String>> e : form.parameters().entrySet()) {
      values.put(e.getKey(), e.getValue().get(0));
    }
    return new Params(values);
  }

  private static void envelope(
      ChannelHandlerContext ctx,
      String action,
      int retCode,
      String message,
      Map<String, Object> fields,
      boolean keepAlive) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RetCode", retCode);
    body.put("Action", action + "Response");
    if (message != null) {
      body.put("Message", message);
    }
    body.putAll(fields);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the answer of " + action, e);
    }
    LOG.debug("{} -> RetCode {}", action, retCode);
    respond(ctx, HttpResponseStatus.OK, "application/json; charset=utf-8", bytes, keepAlive);
  }

  private static void plain(
      ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
    respond(
        ctx, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), keepAlive);
  }

  private static void respond(
      ChannelHandlerContext ctx,
      HttpResponseStatus status,
      String contentType,
      byte[] body,
      boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setContentLength(response, body.length);
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("emulator connection failed", cause);
    ctx.close();
  }
}
