package io.cronbeat.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that a test can cut and restore, to give a node a real database
 * outage without touching the shared server.
 */
public final class TcpProxy implements AutoCloseable {

  private final int target;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  /**
   * While cut: a socket bound to the port but not listening. Connections are refused as by a
   * stopped database, and no other test's server (the suite runs two JVMs) can take the port
   * meanwhile: a node would then talk to an H2 or HTTP listener and hang instead of being refused.
   */
  private Socket holder;
  private boolean cut;

  public TcpProxy(int target) throws IOException {
    this.target = target;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
    restore();
  }

  public int port() {
    return port;
  }

  /** Accepts connections again, on the same port. */
  public synchronized void restore() throws IOException {
    if (holder != null) {
      holder.close();
      holder = null;
    }
    cut = false;
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = socket;
    Thread accept = new Thread(() -> accept(socket), "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** Drops every connection and refuses new ones: the database is gone. */
  public synchronized void cut() throws IOException {
    if (cut) {
      return;
    }
    cut = true;
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    open.clear();
    hold();
  }

  /** Best effort: a connection of the port still closing (or its TIME_WAIT) may keep the port from being held. */
  private void hold() throws IOException {
    Socket socket = new Socket();
    socket.setReuseAddress(true);
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      holder = socket;
    } catch (BindException busy) {
      socket.close();
    }
  }

  private void accept(ServerSocket socket) {
    try {
      while (true) {
        Socket client = socket.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      }
    } catch (IOException closed) {
      // cut
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException closed) {
        // one side went away
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void close() throws IOException {
    cut();
    if (holder != null) {
      holder.close();
    }
  }
}
