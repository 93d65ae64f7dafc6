package io.cronbeat.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.store.StoreProbe;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoint: the dashboard at {@code /}, {@code /health/live} and
 * {@code /health/ready} without a token, {@code /metrics} with or without one
 * ({@code http.metrics-access}), and {@code /api/} behind a bearer token. The JDK's own server: a few GET
 * routes need no framework, and it adds no dependency to the node. It answers from the start of
 * the node's start, so a node waiting for its database is live (not restarted by a probe) and
 * not ready.
 */
public final class HttpEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
  /**
   * Threads that read requests and answer health and metrics. Enough that a slow scrape (the
   * store check waits up to its bound) never holds up a liveness probe; API work never runs here.
   */
  private static final int THREADS = 4;
  /** Threads that answer API requests, and how many more may wait: beyond, 503 at once. */
  static final int API_THREADS = 4;
  static final int API_WAITING = 256;

  /** What the routes read; nothing here changes the node but the API's run service. */
  public record Sources(ApiToken token, Supplier<NodeStatus> status, StoreProbe store, NodeMetrics metrics, Api api) {}

  private final HttpServer server;
  private final RequestGuard guard;
  /** Whether {@code /metrics} asks for the token, as {@code /api/} always does. */
  private final boolean metricsNeedToken;
  private final ExecutorService threads;
  private final ThreadPoolExecutor apiThreads;
  /** What the routes read once the node is up; null while it starts. */
  private volatile Serving serving;

  private record Serving(Sources sources, Router router) {}

  private HttpEndpoint(HttpServer server, RequestGuard guard, boolean metricsNeedToken) {
    this.server = server;
    this.guard = guard;
    this.metricsNeedToken = metricsNeedToken;
    this.threads = Executors.newFixedThreadPool(THREADS, daemons("cronbeat-http-"));
    // Bounded: a flood of API calls waits here or is refused, and never takes the threads health answers on.
    this.apiThreads = new ThreadPoolExecutor(API_THREADS, API_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(API_WAITING), daemons("cronbeat-api-"));
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  static {
    // The JDK's server writes a response's headers and its body apart; with Nagle's algorithm on, the
    // body waits for the client's delayed ACK of the headers: 40 ms per API call on Linux. Read once,
    // when the JDK's server classes load; a value set on the command line is left alone.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
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
      HttpEndpoint endpoint = new HttpEndpoint(server, new RequestGuard(http, address),
          http.metricsAccess().needsToken(address.isLoopbackAddress()));
      endpoint.start();
      return endpoint;
    } catch (BindException e) {
      throw new CronbeatException("cannot listen on " + http.bind() + ":" + http.port() + " (" + e.getMessage() + ")",
          "stop what listens there, or set http.port (CRONBEAT_HTTP_PORT) to a free port, or to 0 to turn the endpoint off;"
              + " a second node on this machine needs a port of its own: CRONBEAT_HTTP_PORT=" + (http.port() + 1) + " bin/scheduler run");
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
    log.info("http: listening on {} (dashboard: /, health: /health/live /health/ready, metrics: /metrics{}, api: /api/ with a bearer token)",
        address().getAddress().getHostAddress() + ":" + address().getPort(), metricsNeedToken ? " with a bearer token" : "");
  }

  /** The node is up: every route answers from now on. */
  public void serve(Sources from) {
    serving = new Serving(from, routes(from));
  }

  private static Router routes(Sources from) {
    Router router = new Router();
    Readiness readiness = new Readiness(from.status(), from.store());
    router.add("GET", "/health/live", call -> call.json(200, Map.of("live", true)))
        .add("GET", "/health/ready", call -> {
          Map<String, Object> body = readiness.now();
          call.json(Boolean.TRUE.equals(body.get("ready")) ? 200 : 503, body);
        })
        .add("GET", "/metrics", call -> Call.send(call.exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
            from.metrics().scrape()))
        .add("GET", "/api/version", call -> call.json(200, Map.of("version", version(), "node", from.status().get().nodeId())))
        .add("GET", "/api/openapi.json", call -> Call.send(call.exchange, 200, "application/json", OpenApi.document()));
    new Dashboard().register(router);
    ApiReads reads = new ApiReads(from::api);
    reads.register(router);
    new ApiCommands(from::api, reads, from.token().caller()).register(router);
    return router;
  }

  /** Every route the endpoint serves, as {@code METHOD /path/{parameter}}: what the OpenAPI document must describe. */
  public List<String> routes() {
    Serving now = serving;
    return now == null ? List.of() : now.router().routes().stream().map(r -> r.method() + " " + r.pattern()).toList();
  }

  /** Where it listens, with the port the system chose when it was given 0 (tests). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** On a reading thread: refuse what the guard refuses, answer health here, hand API work to its own threads. */
  private void handle(HttpExchange exchange) {
    boolean handedOver = false;
    try {
      handedOver = dispatch(exchange);
    } catch (IOException e) {
      log.debug("http: {} {}: the client went away: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
    } catch (RuntimeException | Error e) {
      failed(exchange, e);
    } finally {
      if (!handedOver) {
        exchange.close();
      }
    }
  }

  /** Answers the request here, or hands it to the API's threads: true when they took it (and will close it). */
  private boolean dispatch(HttpExchange exchange) throws IOException {
    Optional<RequestGuard.Refusal> refusal = guard.check(exchange.getRequestMethod(), exchange.getRequestHeaders());
    if (refusal.isPresent()) {
      Call.json(exchange, refusal.get().status(), Map.of("error", refusal.get().message()));
      return false;
    }
    String path = exchange.getRequestURI().getPath();
    Serving now = serving;
    if (now == null) {
      starting(exchange, path);
      return false;
    }
    if (!path.startsWith("/api/")) {
      answer(exchange, path, now, path.equals("/metrics") && metricsNeedToken);
      return false;
    }
    try {
      apiThreads.execute(() -> {
        try {
          answer(exchange, path, now, true);
        } finally {
          exchange.close();
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      Call.json(exchange, 503, Map.of("error", "the node is answering " + (API_THREADS + API_WAITING)
          + " API requests already; try again in a second"));
      return false;
    }
  }

  private static void answer(HttpExchange exchange, String path, Serving now, boolean needsToken) {
    try {
      if (needsToken && !now.sources().token().accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"cronbeat\"");
        Call.json(exchange, 401, Map.of("error", "a bearer token is required: Authorization: Bearer TOKEN (http.token, or the"
            + " node's DATA/" + ApiToken.FILE + ")"));
        return;
      }
      route(exchange, path, now.router());
    } catch (ApiError e) {
      refuse(exchange, e);
    } catch (IOException e) {
      log.debug("http: {} {}: the client went away: {}", exchange.getRequestMethod(), path, e.getMessage());
    } catch (RuntimeException | Error e) {
      failed(exchange, e);
    }
  }

  /**
   * A request whose handling failed gets a 500 unless its answer had begun. An Error too (a driver's
   * assertion under -ea, a class that failed to load): closing the exchange unanswered closes the
   * connection, and a client that sent its next request on it reads nothing back (the JDK's client:
   * "HTTP/1.1 header parser received no bytes"), with no word of why. Errors the JVM itself is in
   * (out of memory) go on up once the client has its answer.
   */
  private static void failed(HttpExchange exchange, Throwable e) {
    log.warn("http: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString(), e);
    refuse(exchange, new ApiError(500, "internal error; the node's log says more", null));
    if (e instanceof VirtualMachineError error) {
      throw error;
    }
  }

  private static void route(HttpExchange exchange, String path, Router router) throws IOException {
    Router.Match match = router.match(exchange.getRequestMethod(), path);
    if (match.route().isPresent()) {
      match.route().get().handler().handle(new Call(exchange, match.parameters()));
    } else if (!match.allowed().isEmpty()) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", match.allowed()));
      throw new ApiError(405, exchange.getRequestMethod() + " is not served on " + path + "; it takes "
          + String.join(", ", match.allowed()), null);
    } else {
      throw ApiError.notFound("no such path: " + path + (path.startsWith("/api/") ? " (GET /api/openapi.json lists the routes)" : ""));
    }
  }

  private static void refuse(HttpExchange exchange, ApiError error) {
    if (exchange.getResponseCode() != -1) {
      return; // the answer had begun: nothing more can be said
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error.getMessage());
    if (error.field() != null) {
      body.put("field", error.field());
    }
    try {
      Call.json(exchange, error.status(), body);
    } catch (IOException e) {
      log.debug("http: the client went away before its {}: {}", error.status(), e.getMessage());
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
    Call.json(exchange, status, body);
  }

  /** Stops listening; a request under way gets up to a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdown();
    apiThreads.shutdown();
  }
}
