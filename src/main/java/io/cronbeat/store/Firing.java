package io.cronbeat.store;

import io.cronbeat.timing.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * Quartz fired a job's trigger on this node.
 *
 * @param scheduledAt the fire time this firing is for
 * @param missedSince on a catch-up firing after an outage, the first fire time that was missed;
 *     every fire time of {@code schedule} from it up to {@code scheduledAt} is due
 */
public record Firing(String job, Instant scheduledAt, Optional<Instant> missedSince, Schedule schedule) {}
