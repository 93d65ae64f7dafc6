package io.cronbeat.store;

import io.cronbeat.run.Run;
import java.time.Instant;

/**
 * A RUNNING run whose owner is gone or stale, with what is known of its attempt's processes.
 *
 * @param leaseUntil the lease as it was seen: the run is taken over only if it is still that one
 * @param processGroup null when the attempt never recorded one (it died before its process started)
 */
public record OpenAttempt(
    Run run, long leaseUntil, String host, String bootId, Long processGroup, Instant processStartedAt) {}
