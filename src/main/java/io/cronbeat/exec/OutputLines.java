package io.cronbeat.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Copies an attempt's output to the node's log as it comes, a log event a line ({@code log.job-output}),
 * for those who read jobs' output where they read the node's, as supercronic prints it. Each event
 * carries the fields (MDC) of the thread that started the attempt: its job, run and attempt, also
 * when an HTTP client's thread delivers the bytes. The logger is {@value #LOGGER}.
 */
final class OutputLines {

  static final String LOGGER = "io.cronbeat.output";
  /** A longer line is cut here, said so in the event: a job without newlines must not fill the node's memory. */
  static final int MAX_LINE = 8192;

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final Map<String, String> fields;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long cut;

  /** Takes the calling thread's fields: call it on the attempt's thread. */
  OutputLines() {
    Map<String, String> context = MDC.getCopyOfContextMap();
    this.fields = context == null ? Map.of() : context;
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        emit();
      } else if (line.size() < MAX_LINE) {
        line.write(bytes[i]);
      } else {
        cut++;
      }
    }
  }

  /** The last line, when the output does not end with a newline. */
  synchronized void finish() {
    if (line.size() > 0 || cut > 0) {
      emit();
    }
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (cut > 0) {
      text += " [cronbeat: " + cut + " more bytes of this line left out]";
    }
    line.reset();
    cut = 0;
    Map<String, String> before = MDC.getCopyOfContextMap();
    MDC.setContextMap(fields);
    try {
      log.info("{}", text);
    } finally {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    }
  }
}
