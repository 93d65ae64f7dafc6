package io.cronbeat;

/** Base of the errors cronbeat reports to a person: a one-line message and what to do instead. */
public class CronbeatException extends RuntimeException {

  private final String hint;

  public CronbeatException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  public CronbeatException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /** What to write or do instead; may be empty, never null. */
  public String hint() {
    return hint == null ? "" : hint;
  }
}
