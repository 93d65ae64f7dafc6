package io.cronbeat.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard: one HTML page, its scripts and its style sheet, resources of the jar served
 * without a token. The page holds no data: its script reads {@code /api/} with the token the
 * user types, so nothing here needs one. The Content-Security-Policy lets the page run only this
 * node's own script and style and talk only to this node: an injected run name or output line
 * cannot become a script, and no other site can frame the page.
 */
final class Dashboard {

  static final String DIRECTORY = "/io/cronbeat/http/dashboard/";
  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The files: only these are served, whatever the path asks. The script is split into modules, a page each. */
  static final List<String> FILES = List.of("index.html", "dashboard.css", "errors.js", "main.js", "api.js", "ui.js",
      "jobs.js", "job.js", "chart.js", "cluster.js");

  /** Read once: small files, the same for the node's whole life. */
  private final Map<String, String> contents = FILES.stream().collect(Collectors.toUnmodifiableMap(f -> f, Dashboard::read));

  void register(Router router) {
    router.add("GET", "/", call -> send(call, "index.html"))
        .add("GET", "/dashboard/{file}", call -> send(call, call.path("file")));
  }

  private void send(Call call, String file) throws IOException {
    String body = contents.get(file);
    if (body == null || file.equals("index.html") && !call.exchange.getRequestURI().getPath().equals("/")) {
      throw ApiError.notFound("no such file: " + call.exchange.getRequestURI().getPath() + " (the dashboard is at /)");
    }
    call.exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
    call.exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    call.exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    Call.send(call.exchange, 200, type(file), body);
  }

  private static String type(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  }

  private static String read(String file) {
    try (InputStream in = Dashboard.class.getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + DIRECTORY + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
