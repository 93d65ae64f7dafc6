package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cronbeat.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** How output bytes become log events: split at newlines, bounded per line, with the starting thread's fields. */
class OutputLinesTest {

  @AfterEach
  void clearFields() {
    MDC.clear();
  }

  private static void write(OutputLines lines, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    lines.write(bytes, 0, bytes.length);
  }

  @Test
  void linesSplitAcrossWritesAreWholeEventsWithoutTheirLineEnds() {
    try (LogCapture logs = new LogCapture(OutputLines.LOGGER, Level.INFO)) {
      OutputLines lines = new OutputLines();
      write(lines, "Filesys");
      write(lines, "tem Size\r\n/dev/vda 252G\n\nnaïve tail");
      lines.finish();

      assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("Filesystem Size", "/dev/vda 252G", "", "naïve tail");
    }
  }

  @Test
  void aLineLongerThanTheBoundIsCutAndSaysHowMuchWasLeftOut() {
    try (LogCapture logs = new LogCapture(OutputLines.LOGGER, Level.INFO)) {
      OutputLines lines = new OutputLines();
      write(lines, "x".repeat(OutputLines.MAX_LINE + 100) + "\nnext\n");
      lines.finish();

      assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
          "x".repeat(OutputLines.MAX_LINE) + " [cronbeat: 100 more bytes of this line left out]", "next");
    }
  }

  @Test
  void bytesDeliveredOnAnotherThreadCarryTheFieldsOfTheThreadThatStartedTheAttempt() throws Exception {
    try (LogCapture logs = new LogCapture(OutputLines.LOGGER, Level.INFO)) {
      MDC.put("job", "ping");
      MDC.put("run", "42");
      OutputLines lines = new OutputLines();
      MDC.clear();

      // As an HTTP client's thread delivers a response body.
      CompletableFuture.runAsync(() -> {
        MDC.put("job", "another");
        write(lines, "< HTTP/1.1 200\n");
      }).get();

      assertThat(logs.events()).singleElement().satisfies(event -> {
        assertThat(event.getFormattedMessage()).isEqualTo("< HTTP/1.1 200");
        assertThat(event.getMDCPropertyMap()).isEqualTo(Map.of("job", "ping", "run", "42"));
      });
    }
  }
}
