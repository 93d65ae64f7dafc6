package io.cronbeat.timing;

import io.cronbeat.CronbeatException;

/** A schedule that cannot be used: says which part is wrong and what to write instead. */
public class ScheduleException extends CronbeatException {

  public ScheduleException(String message, String hint) {
    super(message, hint);
  }
}
