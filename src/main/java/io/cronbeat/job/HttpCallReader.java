package io.cronbeat.job;

import io.cronbeat.yaml.NodeReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a job's {@code http:} map, reporting every problem with what to write instead. */
final class HttpCallReader {

  static final String HINT = "write http: {url: https://internal.example.com/tasks/cleanup, method: POST}";
  private static final Set<String> KEYS = Set.of("url", "method", "headers", "body", "expect-status");
  private static final Map<String, String> METHODS = methods("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  /** Set by the JDK client itself; it refuses them. */
  private static final Set<String> CLIENT_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern STATUS = Pattern.compile("[1-5]([0-9][0-9]|xx)");
  private static final String URL_HINT = "write an http:// or https:// URL, e.g. https://internal.example.com/tasks/cleanup";
  private static final String STATUS_HINT = "write a code such as 204, a class such as 2xx, or a list: [200, 304]";

  private HttpCallReader() {}

  static Optional<HttpCall> read(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "http", HINT);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> fields = reader.entries(map.get(), KEYS, "http");
    boolean ok = fields.size() == map.get().getValue().size();
    Optional<String> url = Optional.empty();
    if (fields.containsKey("url")) {
      url = url(value(fields, "url"), reader);
    } else if (ok) {
      reader.error(node, "http has no url", HINT);
    }
    Optional<String> body = fields.containsKey("body")
        ? reader.string(value(fields, "body"), "http body", "write the body as text, e.g. body: '{\"full\": true}'")
        : Optional.empty();
    ok &= !fields.containsKey("body") || body.isPresent();
    Optional<String> method = Optional.of(body.isPresent() ? "POST" : "GET");
    if (fields.containsKey("method")) {
      method = reader.oneOf(value(fields, "method"), "http method", METHODS);
      if (method.isPresent() && body.isPresent() && Set.of("GET", "HEAD").contains(method.get())) {
        reader.error(value(fields, "body"), "http body with method " + method.get() + ": the body would not be sent",
            "write method: POST (or PUT, PATCH), or remove the body");
        ok = false;
      }
    }
    Optional<Map<String, String>> headers = fields.containsKey("headers") ? headers(value(fields, "headers"), "http", reader)
        : Optional.of(Map.of());
    Optional<List<String>> expect = fields.containsKey("expect-status") ? expect(value(fields, "expect-status"), reader)
        : Optional.of(HttpCall.DEFAULT_EXPECT);
    if (!ok || url.isEmpty() || method.isEmpty() || headers.isEmpty() || expect.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HttpCall(url.get(), method.get(), headers.get(), body.orElse(null), expect.get()));
  }

  private static Optional<String> url(Node node, NodeReader reader) {
    Optional<String> text = reader.string(node, "http url", URL_HINT);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> placeholder = Placeholders.problem(text.get());
    if (placeholder.isPresent()) {
      reader.error(node, "http url: " + placeholder.get(), "write ${NAME} for a variable of the node's environment");
      return Optional.empty();
    }
    try {
      URI uri = new URI(Placeholders.sample(text.get()));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return text;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    // The url as written may hold a token in its user info or query: show only the part that does not.
    reader.error(node, "http url '" + new HttpCall(text.get(), "GET", Map.of(), null, List.of()).target()
        + "' is not an http(s) URL", URL_HINT);
    return Optional.empty();
  }

  /** Headers with {@code ${NAME}} placeholders allowed in their values; {@code owner} is "http" or "notify", for messages. */
  static Optional<Map<String, String>> headers(Node node, String owner, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, owner + " headers",
        "write one Name: value per line under headers:, e.g. Authorization: Bearer ${API_TOKEN}");
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, NodeTuple> entry : reader.entries(map.get(), null, owner + " headers").entrySet()) {
      String name = entry.getKey();
      Node keyNode = entry.getValue().getKeyNode();
      if (!HEADER_NAME.matcher(name).matches()) {
        reader.error(keyNode, owner + " header name '" + name + "' is not valid",
            "use letters, digits and '-', e.g. X-Request-Source");
        ok = false;
        continue;
      }
      if (CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        reader.error(keyNode, owner + " header '" + name + "' is set by the HTTP client", "remove it");
        ok = false;
        continue;
      }
      // A header's value is often a credential: no message quotes it (string() names only maps, lists and empties).
      Node valueNode = entry.getValue().getValueNode();
      Optional<String> value = reader.string(valueNode, owner + " header " + name, "write the value as text");
      if (value.isPresent() && (value.get().contains("\n") || value.get().contains("\r"))) {
        reader.error(valueNode, owner + " header " + name + " has a line break in its value", "write the value on one line");
        value = Optional.empty();
      } else if (value.isPresent() && Placeholders.problem(value.get()).isPresent()) {
        reader.error(valueNode, owner + " header " + name + " has a malformed placeholder",
            "write ${NAME} for a variable of the node's environment");
        value = Optional.empty();
      }
      ok &= value.isPresent();
      value.ifPresent(v -> headers.put(name, v));
    }
    return ok && headers.size() == map.get().getValue().size() ? Optional.of(headers) : Optional.empty();
  }

  private static Optional<List<String>> expect(Node node, NodeReader reader) {
    List<Node> items = node instanceof SequenceNode list ? list.getValue() : List.of(node);
    if (items.isEmpty()) {
      reader.error(node, "http expect-status is an empty list", STATUS_HINT);
      return Optional.empty();
    }
    List<String> statuses = new ArrayList<>();
    boolean ok = true;
    for (Node item : items) {
      Optional<String> text = reader.string(item, "http expect-status", STATUS_HINT);
      String status = text.map(t -> t.trim().toLowerCase(Locale.ROOT)).orElse("");
      if (text.isPresent() && !STATUS.matcher(status).matches()) {
        reader.error(item, "http expect-status '" + text.get() + "' is not a status code (100-599) or class (2xx)",
            STATUS_HINT);
      }
      ok &= STATUS.matcher(status).matches();
      statuses.add(status);
    }
    return ok ? Optional.of(statuses) : Optional.empty();
  }

  private static Node value(Map<String, NodeTuple> fields, String key) {
    return fields.get(key).getValueNode();
  }

  private static Map<String, String> methods(String... names) {
    Map<String, String> methods = new LinkedHashMap<>();
    for (String name : names) {
      methods.put(name.toLowerCase(Locale.ROOT), name);
    }
    return methods;
  }
}
