package io.cubevk.adapter.fake.apiserver;

import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.cubevk.adapter.fake.apiserver.store.WatchSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One watch over chunked HTTP: events are queued by the store (never blocking the writer) and
 * written on the channel's event loop as newline-delimited JSON, each with one flush per batch,
 * only while the socket is writable. A watcher whose queue grows past its limit is cut, as the real
 * server cuts watchers that cannot keep up.
 */
final class WatchStream implements WatchSink {
  static final AttributeKey<WatchStream> KEY = AttributeKey.valueOf("cube-vk.watch");

  private record Pending(String type, StoreEvent event) {}

  private static final byte[] SUFFIX = "}\n".getBytes(StandardCharsets.UTF_8);

  private final Channel channel;
  private final Function<StoreEvent, byte[]> encoder;
  private final int maxQueued;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Store.Watch watch;
  private volatile ScheduledFuture<?> timeout;
  private volatile ScheduledFuture<?> bookmarks;

  /**
   * A stream on {@code channel}.
   *
   * @param encoder the object JSON for an event (the shared bytes, a Table row, a v1 Event)
   */
  WatchStream(Channel channel, Function<StoreEvent, byte[]> encoder, int maxQueued) {
    this.channel = channel;
    this.encoder = encoder;
    this.maxQueued = maxQueued;
  }

  /** Writes the response head; events follow as chunks. */
  void start() {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
    channel.attr(KEY).set(this);
    channel.writeAndFlush(head);
    channel
        .closeFuture()
        .addListener(
            f -> {
              ended.set(true);
              stopTimers();
              Store.Watch w = watch;
              if (w != null) {
                w.close();
              }
            });
  }

  void attach(Store.Watch w, long timeoutSeconds, long bookmarkSeconds, Store store) {
    this.watch = w;
    if (ended.get()) {
      w.close();
      return;
    }
    timeout = channel.eventLoop().schedule(this::finish, timeoutSeconds, TimeUnit.SECONDS);
    if (bookmarkSeconds > 0) {
      bookmarks =
          channel
              .eventLoop()
              .scheduleAtFixedRate(
                  () -> store.bookmark(w), bookmarkSeconds, bookmarkSeconds, TimeUnit.SECONDS);
    }
  }

  @Override
  public boolean offer(String type, StoreEvent event) {
    if (ended.get()) {
      return false;
    }
    if (queued.incrementAndGet() > maxQueued) {
      return false;
    }
    queue.add(new Pending(type, event));
    if (scheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
    return true;
  }

  /** The store cut this watch (dropped, restarted, too slow): close the connection at once. */
  @Override
  public void ended() {
    if (ended.compareAndSet(false, true)) {
      channel.eventLoop().execute(channel::close);
    }
  }

  /** Sends one ERROR event with a Status and ends the stream normally. */
  void error(byte[] status) {
    channel
        .eventLoop()
        .execute(
            () -> {
              channel.write(new DefaultHttpContent(frame("ERROR", status)));
              finish();
            });
  }

  /** Resumes writing after the socket became writable again. */
  void writable() {
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  private void drain() {
    scheduled.set(false);
    boolean wrote = false;
    while (channel.isWritable()) {
      Pending p = queue.poll();
      if (p == null) {
        break;
      }
      queued.decrementAndGet();
      channel.write(new DefaultHttpContent(frame(p.type(), bytes(p))));
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /** Normal end (timeoutSeconds reached): deliver what is queued, then the last chunk. */
  private void finish() {
    if (!channel.isActive()) {
      return;
    }
    boolean first = ended.compareAndSet(false, true);
    Store.Watch w = watch;
    if (w != null) {
      w.close();
    }
    stopTimers();
    if (!first && queue.isEmpty() && channel.attr(KEY).get() != this) {
      return;
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      channel.write(new DefaultHttpContent(frame(p.type(), bytes(p))));
    }
    channel.attr(KEY).set(null);
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  private byte[] bytes(Pending p) {
    return p.type().equals("BOOKMARK") ? p.event().objectBytes() : encoder.apply(p.event());
  }

  private void stopTimers() {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
    ScheduledFuture<?> b = bookmarks;
    if (b != null) {
      b.cancel(false);
    }
  }

  private static ByteBuf frame(String type, byte[] object) {
    byte[] prefix = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
    return Unpooled.wrappedBuffer(prefix, object, SUFFIX);
  }

  static byte[] statusBytes(io.cubevk.adapter.fake.apiserver.store.ApiException e) {
    return Json.bytes(e.toStatus());
  }
}
