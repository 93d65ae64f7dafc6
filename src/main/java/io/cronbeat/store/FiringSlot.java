package io.cronbeat.store;

import java.time.Instant;

/**
 * One firing pass: what is due and what was missed.
 *
 * @param now when the pass began
 * @param horizon fire times up to this instant are recorded by this pass (a little ahead of now,
 *     so that a run is in the queue when its time comes; its due time stays its fire time)
 * @param missedBefore fire times before this instant fell while no node was firing (an outage):
 *     the job's catch-up policy decides about them. Later ones are merely late and run.
 */
public record FiringSlot(Instant now, Instant horizon, Instant missedBefore) {

  public boolean missed(Instant fireTime) {
    return fireTime.isBefore(missedBefore);
  }
}
