package io.cronbeat.bench;

import java.time.Duration;

/**
 * What a benchmark run plans to wait, at most, from its options: every drain's time cap, the
 * lead before a burst and its caps, every lag window with its warm-up and grace, the idle
 * node's window. Printed before the run, so that a full run's length is known in advance (15
 * minutes at most, issue 8) and compared with its "took" at the end. Setup is not in it:
 * starting nodes, syncing jobs, queueing runs, and the cli commands, which run as fast as they
 * can. Mirrors the measurements' own use of these numbers; change both together.
 */
final class TimeBudget {

  /** A lag window starts on the next whole second after its warm-up. */
  private static final Duration WHOLE_SECOND = Duration.ofSeconds(1);
  /** Quartz's burst triggers are due this long after they are queued (BurstFiring.quartz). */
  private static final Duration QUARTZ_BURST_DELAY = Duration.ofSeconds(2);

  private TimeBudget() {}

  static Duration of(Options options) {
    Options.Sizes sizes = options.sizes();
    Duration cap = options.cap();
    int stores = options.stores().size();
    Duration total = Duration.ZERO;
    if (options.runs("drain")) {
      // Per store and worker count: cronbeat no-op, Quartz, db-scheduler, cronbeat process; two spawn limits.
      Duration one = cap.multipliedBy(4).plus(options.spawnCap().multipliedBy(2));
      total = total.plus(one.multipliedBy((long) stores * options.workers().size()));
      if (options.stores().contains(StoreKind.H2)) {
        total = total.plus(cap.multipliedBy(options.workers().size())); // db-scheduler with WRITE_DELAY=0
      }
      if (!options.quick()) {
        total = total.plus(cap.multipliedBy(2L * stores)); // DrainPhase's warm-up: cronbeat and db-scheduler
      }
    }
    if (options.runs("burst")) {
      Duration one = sizes.burstLead().plus(cap.multipliedBy(2));
      if (!options.quick()) {
        one = one.plus(cap).plus(QUARTZ_BURST_DELAY);
      }
      total = total.plus(one.multipliedBy(stores));
    }
    if (options.runs("lag")) {
      total = total.plus(window(sizes.lag()).multipliedBy((options.lagQuartz() ? 2L : 1L) * stores));
    }
    if (options.runs("idle")) {
      total = total.plus(sizes.idle().warmUp()).plus(sizes.idle().length());
    }
    if (options.runs("cluster")) {
      total = total.plus(cap.plus(window(sizes.clusterLag())).multipliedBy(sizes.clusterNodes().size()));
    }
    return total;
  }

  private static Duration window(LagWindow.Plan plan) {
    return plan.warmUp().plus(WHOLE_SECOND).plus(plan.length()).plus(plan.grace());
  }
}
