package io.cronbeat.exec;

import io.cronbeat.job.HttpCall;
import io.cronbeat.text.DurationText;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;

/** One line saying why an HTTP request got no answer, without a secret in it. */
final class HttpFailure {

  private HttpFailure() {}

  static ProcessResult of(Throwable failure, HttpCall call, URI uri, Optional<Duration> timeout, UnaryOperator<String> scrub,
      String tail) {
    int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    String where = uri.getHost() + ":" + port;
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (failure instanceof HttpConnectTimeoutException) {
      return failed("cannot connect to " + scrub.apply(where) + ": no answer within "
          + DurationText.format(HttpExecutor.CONNECT_TIMEOUT), tail);
    }
    if (failure instanceof HttpTimeoutException) {
      return new ProcessResult(ProcessResult.Outcome.TIMED_OUT, null,
          "timed out after " + timeout.map(DurationText::format).orElse("the request's timeout") + "; the request was aborted",
          tail);
    }
    if (failure instanceof ConnectException || root instanceof ConnectException) {
      return failed("cannot connect to " + scrub.apply(where) + ": " + message(failure, "Connection refused", scrub), tail);
    }
    if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
      return failed("cannot connect to " + scrub.apply(where) + ": unknown host", tail);
    }
    if (root instanceof SSLException || failure instanceof SSLException) {
      return failed("TLS with " + scrub.apply(where) + " failed: " + message(failure, "handshake failed", scrub), tail);
    }
    return failed(call.display() + " failed: " + message(failure, root.getClass().getSimpleName(), scrub), tail);
  }

  /** The innermost message in the chain: the JDK client wraps the socket's own in empty ones. */
  private static String message(Throwable failure, String otherwise, UnaryOperator<String> scrub) {
    String message = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
    }
    return message == null ? otherwise : scrub.apply(message);
  }

  private static ProcessResult failed(String detail, String tail) {
    return new ProcessResult(ProcessResult.Outcome.FAILED, null, detail, tail);
  }
}
