package io.cronbeat.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A webhook receiver on loopback for a test: it records every request it gets, and answers
 * with the statuses it was told to (then 200).
 */
public final class HookReceiver implements AutoCloseable {

  /** One request as received. */
  public record Request(String method, String uri, String authorization, String body) {}

  private final HttpServer server;
  private final List<Request> received = new ArrayList<>();
  private final Deque<Integer> answers = new ArrayDeque<>();

  public HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status;
      synchronized (this) {
        received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("Authorization"), body));
        status = answers.isEmpty() ? 200 : answers.poll();
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** The next requests get these statuses, in order; later ones 200. */
  public synchronized HookReceiver answer(Integer... statuses) {
    answers.addAll(List.of(statuses));
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized List<Request> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
