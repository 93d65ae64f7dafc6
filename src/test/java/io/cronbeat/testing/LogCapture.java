package io.cronbeat.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the node logs during a test, at a chosen level; restores the logger on close. */
public final class LogCapture implements AutoCloseable {

  private final Logger attached;
  private final Logger levelled;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  /**
   * @param attachTo the logger whose events (its own and its children's) are collected
   * @param level the level set on cronbeat's loggers meanwhile
   */
  public LogCapture(String attachTo, Level level) {
    this.attached = (Logger) LoggerFactory.getLogger(attachTo);
    this.levelled = (Logger) LoggerFactory.getLogger("io.cronbeat");
    this.previous = levelled.getLevel();
    appender.start();
    attached.addAppender(appender);
    levelled.setLevel(level);
  }

  /** cronbeat's own events at INFO and above. */
  public static LogCapture cronbeat() {
    return new LogCapture("io.cronbeat", Level.INFO);
  }

  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  public boolean anyMessageStartsWith(String prefix) {
    return events().stream().anyMatch(e -> e.getFormattedMessage().startsWith(prefix));
  }

  @Override
  public void close() {
    attached.detachAppender(appender);
    levelled.setLevel(previous);
  }
}
