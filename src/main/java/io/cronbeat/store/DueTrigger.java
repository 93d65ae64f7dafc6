package io.cronbeat.store;

import io.cronbeat.timing.Schedule;
import java.time.Instant;

/**
 * A job's trigger that a firing pass found due: every fire time of {@code schedule} from
 * {@code from} up to the pass's horizon is to be recorded.
 *
 * @param from the trigger's first fire time not recorded yet
 */
public record DueTrigger(String job, Instant from, Schedule schedule) {}
