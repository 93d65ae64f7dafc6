package io.cronbeat.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.store.StoreProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's HTTP endpoint: {@code /health/live}, {@code /health/ready} and {@code /metrics}
 * without a token, and {@code /api/} behind a bearer token. The JDK's own server: a few GET
 * routes need no framework, and it adds no dependency to the node. It answers from the start of
 * the node's start, so a node waiting for its database is live (not restarted by a probe) and
 * not ready.
 */
public final class HttpEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Enough that a slow scrape (the store check waits up to its bound) never holds up a liveness probe. */
  private static final int THREADS = 4;

  /** What the routes read; nothing here changes the node. */
  public record Sources(ApiToken token, Supplier<NodeStatus> status, StoreProbe store, NodeMetrics metrics) {}

  private final HttpServer server;
  private final RequestGuard guard;
  private final ExecutorService threads;
  /** What the routes read once the node is up; null while it starts. */
  private volatile Serving serving;

  private record Serving(Sources sources, Readiness readiness) {}

  private HttpEndpoint(HttpServer server, RequestGuard guard) {
    this.server = server;
    this.guard = guard;
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(THREADS, r -> {
      Thread thread = new Thread(r, "cronbeat-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Takes the port before the node starts, so that a busy port or an unsafe bind stops the
   * start at once, with one line that says what to change.
   */
  public static HttpEndpoint bind(CronbeatConfig.Http http) {
    InetAddress address = address(http);
    if (!address.isLoopbackAddress() && http.token().isEmpty()) {
      throw new CronbeatException("http.bind " + http.bind() + " is reachable from other machines and no http.token is set;"
          + " the node does not start", "set http.token (CRONBEAT_HTTP_TOKEN) to a long random secret, or set http.bind"
          + " to 127.0.0.1 (http.port 0 turns the endpoint off)");
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(address, http.port()), 64);
      HttpEndpoint endpoint = new HttpEndpoint(server, new RequestGuard(http, address));
      endpoint.start();
      return endpoint;
    } catch (BindException e) {
      throw new CronbeatException("cannot listen on " + http.bind() + ":" + http.port() + " (" + e.getMessage() + ")",
          "stop what listens there, or set http.port (CRONBEAT_HTTP_PORT) to a free port, or to 0 to turn the endpoint off");
    } catch (IOException e) {
      throw new CronbeatException("cannot open the HTTP endpoint on " + http.bind() + ":" + http.port() + ": "
          + e.getMessage(), "check http.bind and http.port");
    }
  }

  private static InetAddress address(CronbeatConfig.Http http) {
    try {
      return InetAddress.getByName(http.bind()); // an IP address or localhost: the config allows no other name
    } catch (UnknownHostException e) {
      throw new CronbeatException("http.bind " + http.bind() + " is not an address of this machine", "write e.g. 127.0.0.1");
    }
  }

  private void start() {
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
    log.info("http: listening on {} (health: /health/live /health/ready, metrics: /metrics, api: /api/ with a bearer token)",
        address().getAddress().getHostAddress() + ":" + address().getPort());
  }

  /** The node is up: every route answers from now on. */
  public void serve(Sources from) {
    serving = new Serving(from, new Readiness(from.status(), from.store()));
  }

  /** Where it listens, with the port the system chose when it was given 0 (tests). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      Optional<RequestGuard.Refusal> refusal = guard.check(method, exchange.getRequestHeaders());
      if (refusal.isPresent()) {
        json(exchange, refusal.get().status(), Map.of("error", refusal.get().message()));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Serving now = serving;
      if (now == null) {
        starting(exchange, path);
        return;
      }
      if (path.startsWith("/api/") && !now.sources().token().accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"cronbeat\"");
        json(exchange, 401, Map.of("error", "a bearer token is required: Authorization: Bearer TOKEN (http.token, or the"
            + " node's DATA/" + ApiToken.FILE + ")"));
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        json(exchange, 405, Map.of("error", method + " is not served here"));
        return;
      }
      route(exchange, path, now);
    } catch (RuntimeException e) {
      log.warn("http: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString(), e);
      if (exchange.getResponseCode() == -1) {
        json(exchange, 500, Map.of("error", "internal error; the node's log says more"));
      }
    } finally {
      exchange.close();
    }
  }

  private static void route(HttpExchange exchange, String path, Serving now) throws IOException {
    switch (path) {
      case "/health/live" -> json(exchange, 200, Map.of("live", true));
      case "/health/ready" -> {
        Map<String, Object> body = now.readiness().now();
        json(exchange, Boolean.TRUE.equals(body.get("ready")) ? 200 : 503, body);
      }
      case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", now.sources().metrics().scrape());
      case "/api/version" -> json(exchange, 200, Map.of("version", version(), "node", now.sources().status().get().nodeId()));
      default -> json(exchange, 404, Map.of("error", "no such path: " + path));
    }
  }

  /** While the node starts (waits for its database, migrates, syncs): live, and nothing else yet. */
  private static void starting(HttpExchange exchange, String path) throws IOException {
    String why = "the node is starting (waiting for the database, migrating or syncing the jobs)";
    switch (path) {
      case "/health/live" -> json(exchange, 200, Map.of("live", true));
      case "/health/ready" -> json(exchange, 503, Map.of("ready", false, "checks", Map.of("started",
          Map.of("ok", false, "detail", why))));
      default -> json(exchange, 503, Map.of("error", why));
    }
  }

  private static String version() {
    String version = HttpEndpoint.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body) + "\n");
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops listening; a request under way gets up to a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdown();
  }
}
