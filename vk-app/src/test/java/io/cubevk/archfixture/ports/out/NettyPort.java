package io.cubevk.archfixture.ports.out;

/** Bad: a port that exposes a transport type. */
public interface NettyPort {
  io.netty.buffer.ByteBuf read();
}
