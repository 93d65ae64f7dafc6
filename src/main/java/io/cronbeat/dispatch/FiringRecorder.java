package io.cronbeat.dispatch;

import io.cronbeat.job.CatchUp;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.DueTrigger;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.FiringSlot;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.RunQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the runs of a firing pass: one QUEUED run per fire time of an enabled job, however late
 * (the cluster was busy); for fire times that fell while no node was firing, what the job's
 * {@code catch-up} policy says, the rest recorded as MISSED; for a paused job, MISSED.
 */
public final class FiringRecorder implements FiringHandler {

  private static final Logger log = LoggerFactory.getLogger(FiringRecorder.class);
  /** Jobs named in a pass's log line; the rest are counted. */
  private static final int NAMED = 10;
  private static final int KEPT_SPECS = 100_000;

  private final JobTable jobs;
  private final int catchUpCap;
  private final DoubleSupplier random;
  private final Runnable wakeDispatcher;
  /** Parsed definitions by fingerprint; a sync that changes a job changes its fingerprint. */
  private final Map<String, JobSpec> parsed = new ConcurrentHashMap<>();
  /**
   * The catch-up lines of the last plan, logged once its pass has recorded it: a pass that finds
   * a job resumed under it plans again, and logged while planning, the first plan's line came
   * too, saying what was never recorded.
   */
  private volatile Announcements announced;

  private record Announcements(FiringSlot slot, List<String> lines) {}

  public FiringRecorder(JobTable jobs, int catchUpCap, DoubleSupplier random, Runnable wakeDispatcher) {
    this.jobs = jobs;
    this.catchUpCap = catchUpCap;
    this.random = random;
    this.wakeDispatcher = wakeDispatcher;
  }

  @Override
  public List<NewRun> plan(FiringSlot slot, List<DueTrigger> due) {
    Map<String, Job> stored = read(due.stream().map(DueTrigger::job).toList());
    List<NewRun> runs = new ArrayList<>();
    List<String> catchUps = new ArrayList<>();
    for (DueTrigger trigger : due) {
      Job job = stored.get(trigger.job());
      if (job == null || !job.enabled()) {
        log.warn("job={} fired but is no longer declared or enabled; nothing recorded", trigger.job());
      } else if (slot.missed(trigger.from())) {
        catchUps.add(catchUp(slot, trigger, job, runs));
      } else {
        fireTimes(trigger, trigger.from(), slot.horizon()).forEach(time -> runs.add(onTime(slot, job, time)));
      }
    }
    announced = new Announcements(slot, catchUps);
    return runs;
  }

  /** A job as a pass sees it. */
  private record Job(JobSpec spec, boolean enabled, boolean paused) {}

  /**
   * The rows are read in every pass, so a pause or a disable is seen by the next pass; only the
   * parsing of a definition is kept, under its fingerprint, so a changed job is parsed afresh.
   */
  private Map<String, Job> read(List<String> names) {
    Map<String, Job> read = new HashMap<>();
    if (parsed.size() > KEPT_SPECS) {
      parsed.clear(); // old fingerprints of jobs edited many times over; the next passes parse again
    }
    for (JobTable.StoredRow row : jobs.rows(names)) {
      JobSpec spec = parsed.computeIfAbsent(row.fingerprint(), f -> jobs.fromJson(row.definition()));
      read.put(row.name(), new Job(spec, row.enabled(), row.paused()));
    }
    return read;
  }

  /** A fire time the cluster was there for: queued at its time (or MISSED if the job is paused). */
  private NewRun onTime(FiringSlot slot, Job job, Instant time) {
    JobSpec spec = job.spec();
    if (job.paused()) {
      return new NewRun(spec.name(), RunKind.SCHEDULED, time, RunState.MISSED, time, spec.attempts(), RunQueue.PAUSED);
    }
    return new NewRun(spec.name(), RunKind.SCHEDULED, time, RunState.QUEUED, jittered(spec, time), spec.attempts(), null);
  }

  /**
   * The trigger's first fire time fell in an outage: the policy decides about every fire time up
   * to now, however long the outage was; later ones (within the look-ahead) are on time.
   *
   * @return the line that says what was decided, for the log once the pass has recorded it
   */
  private String catchUp(FiringSlot slot, DueTrigger trigger, Job job, List<NewRun> runs) {
    JobSpec spec = job.spec();
    String policy = spec.catchUp().name().toLowerCase(Locale.ROOT);
    CatchUpPlan plan = CatchUpPlan.of(trigger.schedule(), trigger.from(), slot.now(), job.paused() ? CatchUp.NONE
        : spec.catchUp(), catchUpCap);
    String reason = job.paused() ? RunQueue.PAUSED : "no node ran while it was due (catch-up: " + policy + ")";
    for (Instant missed : plan.missed()) {
      runs.add(new NewRun(spec.name(), RunKind.CATCH_UP, missed, RunState.MISSED, missed, spec.attempts(), reason));
    }
    for (Instant time : plan.run()) {
      runs.add(new NewRun(spec.name(), RunKind.CATCH_UP, time, RunState.QUEUED, jittered(spec, slot.now()), spec.attempts(),
          null));
    }
    trigger.schedule().nextAfter(slot.now()).ifPresent(from ->
        fireTimes(trigger, from, slot.horizon()).forEach(time -> runs.add(onTime(slot, job, time))));
    return "job=" + spec.name() + " catching up after an outage: first missed " + trigger.from() + ", " + plan.run().size()
        + " to run, " + (plan.missed().size() + plan.uncounted()) + " missed (catch-up: " + policy + ")"
        + (plan.uncounted() > 0 ? ", " + plan.uncounted() + " of them too old to record one by one" : "");
  }

  private static List<Instant> fireTimes(DueTrigger trigger, Instant from, Instant until) {
    List<Instant> times = new ArrayList<>();
    Optional<Instant> time = Optional.of(from);
    while (time.isPresent() && !time.get().isAfter(until)) {
      times.add(time.get());
      time = trigger.schedule().nextAfter(time.get());
    }
    return times;
  }

  private Instant jittered(JobSpec spec, Instant at) {
    return at.plus(Duration.ofMillis((long) (random.getAsDouble() * spec.jitter().getSeconds() * 1000)));
  }

  /** One line per pass: how many firings, for which jobs, and how late the latest was. */
  @Override
  public void recorded(FiringSlot slot, List<NewRun> runs, Duration took) {
    Announcements planned = announced;
    if (planned != null && planned.slot().equals(slot)) {
      planned.lines().forEach(line -> log.info("{}", line));
    }
    long queued = runs.stream().filter(r -> r.state() == RunState.QUEUED).count();
    long paused = runs.stream().filter(r -> RunQueue.PAUSED.equals(r.reason())).count();
    long missed = runs.size() - queued - paused;
    Instant first = runs.stream().map(NewRun::scheduledAt).min(Instant::compareTo).orElseThrow();
    Duration late = Duration.between(first, slot.now());
    List<String> names = runs.stream().map(NewRun::job).distinct().toList();
    log.info("fired {} firing(s) due from {} in {} ms: {} queued{}{}{}; jobs {}{}", runs.size(), first, took.toMillis(), queued,
        paused > 0 ? ", " + paused + " MISSED (job paused)" : "", missed > 0 ? ", " + missed + " MISSED (catch-up)" : "",
        late.toMillis() > 0 ? ", the earliest " + late.toMillis() + " ms late" : "",
        String.join(" ", names.subList(0, Math.min(NAMED, names.size()))),
        names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    if (log.isDebugEnabled()) {
      runs.forEach(r -> log.debug("job={} firing {} recorded {} ({}), due {}", r.job(), r.scheduledAt(), r.state(),
          r.kind(), r.dueAt()));
    }
  }

  @Override
  public void due() {
    wakeDispatcher.run();
  }
}
