package io.cronbeat.job;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request a job makes instead of running a command, held as written: {@code ${NAME}}
 * placeholders in the url and header values are filled in only when the request is made (see
 * {@link Placeholders}). Header values and the url's user info and query count as secrets: they
 * appear in no message, which shows {@link #display()} instead.
 *
 * @param method GET, POST, ... in capitals
 * @param body the request body, or null for none
 * @param expectStatus what counts as success: codes ({@code 204}) and classes ({@code 2xx})
 */
public record HttpCall(String url, String method, Map<String, String> headers, String body, List<String> expectStatus)
    implements Work {

  public static final List<String> DEFAULT_EXPECT = List.of("2xx");

  public HttpCall {
    headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    expectStatus = List.copyOf(expectStatus);
  }

  /** Whether {@code status} is one that was expected. */
  public boolean accepts(int status) {
    for (String expected : expectStatus) {
      boolean matches = expected.endsWith("xx") ? status / 100 == expected.charAt(0) - '0'
          : Integer.parseInt(expected) == status;
      if (matches) {
        return true;
      }
    }
    return false;
  }

  /** The expected statuses as written: {@code 2xx} or {@code 200, 304}. */
  public String expected() {
    return String.join(", ", expectStatus);
  }

  /** Method, scheme, host, port and path, as written: never the user info, query or fragment, nor a header. */
  @Override
  public String display() {
    return method + " " + target();
  }

  /** The url's scheme, host, port and path, as written. */
  public String target() {
    return target(url);
  }

  /**
   * A URL as messages may show it: scheme, host, port and path as written ({@code ${NAME}}
   * placeholders unfilled), never its user info, query or fragment.
   */
  public static String target(String url) {
    int schemeEnd = url.indexOf("://");
    int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int pathStart = authorityStart;
    while (pathStart < url.length() && "/?#".indexOf(url.charAt(pathStart)) < 0) {
      pathStart++;
    }
    int pathEnd = pathStart;
    while (pathEnd < url.length() && "?#".indexOf(url.charAt(pathEnd)) < 0) {
      pathEnd++;
    }
    String authority = url.substring(authorityStart, pathStart);
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    String path = url.substring(pathStart, pathEnd);
    return url.substring(0, authorityStart).toLowerCase(Locale.ROOT) + hostAndPort + (path.isEmpty() ? "/" : path);
  }

  /** The target and header names only: a stray log of the job shows no secret. */
  @Override
  public String toString() {
    return "HttpCall[" + display() + ", headers=" + headers.keySet() + ", expect=" + expected() + "]";
  }
}
