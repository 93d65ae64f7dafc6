package io.cronbeat.exec;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP response's body, written to the attempt's log as it arrives (capped as process output
 * is). The client's threads write, the attempt's thread closes: after {@link #close()} the rest
 * of the body is dropped and no longer read.
 */
final class CapturedBody implements HttpResponse.BodySubscriber<Void> {

  private static final Logger log = LoggerFactory.getLogger(CapturedBody.class);

  private final OutputCapture capture;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private boolean closed;

  CapturedBody(OutputCapture capture) {
    this.capture = capture;
  }

  /** One line of our own: the request, the status. */
  void line(String text) {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    write(bytes);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      write(bytes);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    done.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    done.complete(null);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return done;
  }

  private synchronized void write(byte[] bytes) {
    if (closed) {
      return;
    }
    try {
      capture.write(bytes, 0, bytes.length);
    } catch (IOException e) {
      log.warn("cannot write the log of an HTTP request any more, the rest of the response is dropped: {}", e.getMessage());
      closeQuietly();
    }
  }

  /** Finishes the log; whatever arrives later is dropped. */
  void close() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel(); // harmless once the body is complete; stops the reading of an aborted one
    }
    closeQuietly();
  }

  private synchronized void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      capture.close();
    } catch (IOException e) {
      log.warn("cannot finish writing the log of an HTTP request: {}", e.getMessage());
    }
  }
}
