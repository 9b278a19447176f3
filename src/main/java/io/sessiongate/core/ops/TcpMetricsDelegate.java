package io.sessiongate.core.ops;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.TCPMetrics;

/** The connection and byte meters a per-request meter cache leaves to Vert.x's implementation. */
abstract class TcpMetricsDelegate implements TCPMetrics<Object> {
  private final TCPMetrics<Object> vertx;

  @SuppressWarnings("unchecked")
  TcpMetricsDelegate(TCPMetrics<?> vertx) {
    this.vertx = (TCPMetrics<Object>) vertx;
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return vertx.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socket, SocketAddress remoteAddress) {
    vertx.disconnected(socket, remoteAddress);
  }

  @Override
  public void bytesRead(Object socket, SocketAddress remoteAddress, long numberOfBytes) {
    vertx.bytesRead(socket, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socket, SocketAddress remoteAddress, long numberOfBytes) {
    vertx.bytesWritten(socket, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socket, SocketAddress remoteAddress, Throwable t) {
    vertx.exceptionOccurred(socket, remoteAddress, t);
  }

  @Override
  public void close() {
    vertx.close();
  }
}
