package io.cronbeat.dispatch;

import io.cronbeat.timing.ScheduleException;

/** A trigger or submit asked for something it cannot have; names the field (option or JSON key) at fault. */
public final class RequestException extends ScheduleException {

  private final String field;

  public RequestException(String field, String message, String hint) {
    super(message, hint);
    this.field = field;
  }

  /** The option without its dashes, or the JSON key: {@code in}, {@code retries}, {@code command}. */
  public String field() {
    return field;
  }
}
