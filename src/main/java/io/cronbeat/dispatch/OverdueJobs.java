package io.cronbeat.dispatch;

import io.cronbeat.run.JobSpec;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which jobs are overdue, from the store alone (so the CLI knows with no node up): a job is
 * overdue when a firing's time plus its {@code expect} grace has passed without a SUCCEEDED run
 * for that firing or a later one, whatever the reason: no node was up, the run is stuck,
 * waiting, still retrying or failed. The firing is the first one after the later of the job's
 * last success and the last change or resume of the job. Paused, disabled, unwatched and
 * manual-only jobs are never overdue.
 *
 * <p>The CLI's {@code list} and {@code status}, the node's watchdog and the HTTP API all ask here.
 */
public final class OverdueJobs {

  /**
   * One overdue job.
   *
   * @param due the firing that was not met
   * @param since when its grace ran out: due + expect
   */
  public record Overdue(String job, Instant due, Instant since) {}

  /**
   * A watched job's row and what it is now: overdue or not.
   *
   * @param lastSuccess the firing of its newest success, or null
   */
  record Verdict(JobTable.Watched row, JobSpec spec, Optional<Overdue> overdue, Instant lastSuccess) {}

  /** A stored definition, parsed once per fingerprint; schedule null for a job without one. */
  private record Parsed(JobSpec spec, Schedule schedule) {}

  private final JobTable jobs;
  private final RunHistory runs;
  private final Optional<Duration> defaultExpect;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();
  /**
   * The newest success of each job seen so far. A job is looked up in the runs again only once
   * it could be overdue by what is known here (or is in an episode): a node's watchdog asks about
   * a job about once per firing, not at every heartbeat.
   */
  private final Map<String, Instant> successes = new ConcurrentHashMap<>();

  /** @param defaultExpect {@code jobs.expect}: the grace of a scheduled job that declares none */
  public OverdueJobs(JobTable jobs, RunHistory runs, Optional<Duration> defaultExpect) {
    this.jobs = jobs;
    this.runs = runs;
    this.defaultExpect = defaultExpect;
  }

  /** The jobs overdue at {@code now}, by name, in name order. */
  public Map<String, Overdue> now(Instant now) {
    Map<String, Overdue> overdue = new LinkedHashMap<>();
    verdicts(now).forEach(v -> v.overdue().ifPresent(o -> overdue.put(o.job(), o)));
    return overdue;
  }

  /** Every job the watchdog watches (or has an episode recorded for), with its verdict: two or three queries. */
  List<Verdict> verdicts(Instant now) {
    List<JobTable.Watched> all = jobs.watched();
    Map<String, Parsed> known = definitions(all);
    List<JobTable.Watched> rows = new ArrayList<>();
    Map<String, Duration> graces = new HashMap<>();
    for (JobTable.Watched row : all) {
      Parsed job = known.get(row.name());
      if (job == null) {
        continue; // removed between the two reads
      }
      Optional<Duration> grace = row.enabled() && !row.paused() && job.schedule() != null
          ? job.spec().expect(defaultExpect) : Optional.empty();
      grace.ifPresent(g -> graces.put(row.name(), g));
      if (grace.isPresent() || row.overdueSince() != null) {
        rows.add(row);
      }
    }
    successes.keySet().retainAll(known.keySet());
    List<String> ask = rows.stream().filter(row -> row.overdueSince() != null
        || graces.containsKey(row.name()) && late(known.get(row.name()), row, graces.get(row.name()), now).isPresent())
        .map(JobTable.Watched::name).toList();
    if (!ask.isEmpty()) {
      runs.lastSucceeded(ask).forEach((job, at) -> successes.merge(job, at, (a, b) -> a.isAfter(b) ? a : b));
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (JobTable.Watched row : rows) {
      Duration grace = graces.get(row.name());
      Optional<Overdue> overdue = grace == null ? Optional.empty() : late(known.get(row.name()), row, grace, now);
      verdicts.add(new Verdict(row, known.get(row.name()).spec(), overdue, successes.get(row.name())));
    }
    return verdicts;
  }

  /** The first firing after the job's last known success (or its last change) whose grace has run out by now, if any. */
  private Optional<Overdue> late(Parsed job, JobTable.Watched row, Duration grace, Instant now) {
    Instant success = successes.get(row.name());
    Instant from = success == null || success.isBefore(row.watchedFrom()) ? row.watchedFrom() : success;
    return job.schedule().nextAfter(from)
        .filter(due -> !now.isBefore(due.plus(grace)))
        .map(due -> new Overdue(row.name(), due, due.plus(grace)));
  }

  /**
   * Each row's parsed definition, by job name. Definitions are read (in one query) and parsed
   * only for fingerprints not seen before; those of jobs changed or removed since are forgotten.
   */
  private Map<String, Parsed> definitions(List<JobTable.Watched> all) {
    // A set, not a list: retainAll asks it once per cached entry (10,000 jobs: 10^8 comparisons with a list).
    parsed.keySet().retainAll(all.stream().map(JobTable.Watched::fingerprint).collect(Collectors.toSet()));
    List<String> unseen = all.stream().filter(row -> !parsed.containsKey(row.fingerprint())).map(JobTable.Watched::name).toList();
    Map<String, String> read = unseen.isEmpty() ? Map.of() : jobs.definitions(unseen);
    Map<String, Parsed> known = new HashMap<>();
    // One parser for the pass, when it has anything new: each builds three cron-utils parsers.
    ScheduleParser parser = read.isEmpty() ? null : new ScheduleParser();
    for (JobTable.Watched row : all) {
      Parsed job = parsed.get(row.fingerprint());
      if (job == null && read.containsKey(row.name())) {
        job = parse(parser, read.get(row.name()));
        parsed.put(row.fingerprint(), job);
      }
      if (job != null) {
        known.put(row.name(), job);
      }
    }
    return known;
  }

  /** A stored job; one whose schedule this version cannot read (its trigger cannot fire either) is not watched. */
  private Parsed parse(ScheduleParser parser, String definition) {
    JobSpec spec = jobs.fromJson(definition);
    if (!spec.scheduled()) {
      return new Parsed(spec, null);
    }
    try {
      return new Parsed(spec, parser.parse(spec.schedule(), Zones.parse(spec.timezone()), spec.name()));
    } catch (ScheduleException e) {
      return new Parsed(spec, null);
    }
  }
}
