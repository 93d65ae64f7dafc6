package io.cronbeat.client;

/** The node refused a call or could not be reached; the message is the node's own error line. */
public class CronbeatClientException extends RuntimeException {

  private final int status;

  public CronbeatClientException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the node was not reached. */
  public int status() {
    return status;
  }
}
