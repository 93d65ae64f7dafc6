package io.cronbeat.http;

import com.sun.net.httpserver.Headers;
import io.cronbeat.config.CronbeatConfig;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every request before any handler sees it. DNS rebinding: a page on another site whose
 * name now points at 127.0.0.1 reaches the node with its own name in {@code Host}, so only the
 * bound address, loopback names and the configured {@code http.hosts} are served. Cross-site
 * requests with a body (a form a page posts here) are refused by their {@code Origin}.
 */
final class RequestGuard {

  /** Why a request is refused: its HTTP status and one line for the client. */
  record Refusal(int status, String message) {}

  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

  private final Set<String> hosts = new HashSet<>(LOOPBACK_NAMES);
  /** Bound to every interface: any IP address is this node's (an address cannot be rebound, a name can). */
  private final boolean anyAddress;

  RequestGuard(CronbeatConfig.Http http, InetAddress bound) {
    hosts.add(bound.getHostAddress().toLowerCase(Locale.ROOT));
    hosts.add(http.bind().toLowerCase(Locale.ROOT));
    hosts.addAll(http.hosts());
    this.anyAddress = bound.isAnyLocalAddress();
  }

  Optional<Refusal> check(String method, Headers headers) {
    String host = headers.getFirst("Host");
    if (host == null || !allowed(hostName(host))) {
      return Optional.of(new Refusal(421, "this node does not serve the name in the Host header;"
          + " add it to http.hosts if it is this node's"));
    }
    String origin = headers.getFirst("Origin");
    if (origin != null && hasBody(method, headers) && !origin.equalsIgnoreCase("http://" + host)) {
      return Optional.of(new Refusal(403, "cross-origin requests with a body are refused"));
    }
    return Optional.empty();
  }

  private boolean allowed(String name) {
    return hosts.contains(name) || (anyAddress && isAddress(name));
  }

  private static boolean hasBody(String method, Headers headers) {
    String length = headers.getFirst("Content-Length");
    return !(method.equals("GET") || method.equals("HEAD")) || headers.containsKey("Transfer-Encoding")
        || (length != null && !length.strip().equals("0"));
  }

  /** The name in a Host header without its port; an IPv6 address without its brackets. */
  static String hostName(String host) {
    String value = host.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? value : value.substring(1, end);
    }
    int colon = value.indexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  private static boolean isAddress(String name) {
    return name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.matches("[0-9a-f:.]*:[0-9a-f:.]*");
  }
}
