package io.cronbeat.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** One request as a route sees it: its path and query parameters, and ways to answer. */
final class Call {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  final HttpExchange exchange;
  private final Map<String, String> path;
  private final Map<String, String> query;

  Call(HttpExchange exchange, Map<String, String> path) {
    this.exchange = exchange;
    this.path = path;
    this.query = parse(exchange.getRequestURI().getRawQuery());
  }

  private static Map<String, String> parse(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(name, value);
    }
    return values;
  }

  String path(String name) {
    return URLDecoder.decode(path.get(name), StandardCharsets.UTF_8);
  }

  /** A path parameter that must be a run id. */
  long id(String name) {
    try {
      return Long.parseLong(path.get(name));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("no run " + path.get(name) + ": run ids are numbers (see GET /api/runs)");
    }
  }

  /** A query parameter, or null. */
  String query(String name) {
    String value = query.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** A whole-number query parameter within bounds, or the default when absent. */
  int count(String name, int fallback, int min, int max) {
    String value = query(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw ApiError.badRequest(name, "`" + name + "`: '" + value + "' must be a whole number from " + min + " to " + max);
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  void json(int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body) + "\n");
  }

  static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
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

  static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body) + "\n");
  }
}
