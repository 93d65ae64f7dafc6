package io.cronbeat.job;

import java.time.Duration;

/**
 * How a failed run is tried again: exponential backoff with jitter, capped.
 *
 * @param attempts total tries, including the first
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff) {

  public static final int DEFAULT_ATTEMPTS = 1;
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
  public static final RetryPolicy NONE = new RetryPolicy(DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF);
}
