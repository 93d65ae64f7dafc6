package io.cronbeat.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes a request by method and path pattern ({@code /api/runs/{id}}): a few dozen lines
 * instead of a framework. A path that matches with another method answers 405 with {@code Allow}.
 */
final class Router {

  /** Answers one request. */
  @FunctionalInterface
  interface Handler {
    void handle(Call call) throws IOException;
  }

  /** A method and a path pattern, e.g. {@code GET /api/runs/{id}}. */
  record Route(String method, String pattern, Handler handler) {
    String[] segments() {
      return pattern.substring(1).split("/", -1);
    }
  }

  /** What a path matched: a route and its path parameters, or the methods the path has. */
  record Match(Optional<Route> route, Map<String, String> parameters, Set<String> allowed) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String pattern, Handler handler) {
    routes.add(new Route(method, pattern, handler));
    return this;
  }

  /** Every route, in the order added: what the OpenAPI document must describe. */
  List<Route> routes() {
    return List.copyOf(routes);
  }

  Match match(String method, String path) {
    String[] parts = path.substring(1).split("/", -1);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> parameters = parameters(route.segments(), parts);
      if (parameters.isEmpty()) {
        continue;
      }
      if (route.method().equals(method) || (method.equals("HEAD") && route.method().equals("GET"))) {
        return new Match(Optional.of(route), parameters.get(), Set.of());
      }
      allowed.add(route.method());
      if (route.method().equals("GET")) {
        allowed.add("HEAD");
      }
    }
    return new Match(Optional.empty(), Map.of(), allowed);
  }

  private static Optional<Map<String, String>> parameters(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return Optional.empty();
    }
    Map<String, String> found = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith("{") && pattern[i].endsWith("}") && !parts[i].isEmpty()) {
        found.put(pattern[i].substring(1, pattern[i].length() - 1), parts[i]);
      } else if (!pattern[i].equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(found);
  }
}
