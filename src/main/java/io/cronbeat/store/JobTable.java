package io.cronbeat.store;

import io.cronbeat.run.JobSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/** {@code cb_jobs}: the declared jobs as the cluster knows them. */
public final class JobTable {

  /**
   * A row: the spec, whether it is enabled or paused (and since when), and fingerprints to detect changes.
   *
   * @param pausedAt when it was paused, or null
   */
  public record StoredJob(JobSpec spec, boolean enabled, boolean paused, Instant pausedAt, String fingerprint,
      String scheduleFingerprint) {}

  /**
   * A declared job as a sync writes it: its definition as stored (JSON) and that definition's
   * fingerprint, computed once for the sync's comparison and its writes (they were computed again
   * for every job written: twice per job on a first sync).
   */
  public record Declared(JobSpec spec, boolean enabled, String definition, String fingerprint) {

    public Declared(JobSpec spec, boolean enabled) {
      this(spec, enabled, JSON.writeValueAsString(spec));
    }

    private Declared(JobSpec spec, boolean enabled, String definition) {
      this(spec, enabled, definition, sha256(definition));
    }

    public String name() {
      return spec.name();
    }
  }

  /** A row as a sync compares it: the fingerprint of its definition, and whether it is enabled. */
  public record Digest(String fingerprint, boolean enabled) {}

  /** Immutable once built and safe to share between threads: the sync serializes definitions in parallel. */
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Jdbc jdbc;
  private final Clock clock;

  public JobTable(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public String toJson(JobSpec spec) {
    return JSON.writeValueAsString(spec);
  }

  public JobSpec fromJson(String definition) {
    return JSON.readValue(definition, JobSpec.class);
  }

  /** A fingerprint of what decides fire times (the whole definition's is {@link Declared#fingerprint}). */
  public static String scheduleFingerprint(JobSpec spec) {
    return sha256(spec.schedule() + "\n" + spec.timezone());
  }

  /**
   * Writes what a sync changes in one transaction, a JDBC batch per kind of change: a round
   * trip per few hundred jobs, not one transaction per job.
   */
  public void save(List<Declared> added, List<Declared> changed, List<String> removed) {
    long now = clock.millis();
    jdbc.transaction(connection -> {
      Jdbc.batch(connection, "INSERT INTO cb_jobs (definition, fingerprint, schedule_fingerprint, enabled, updated_at, name, paused)"
          + " VALUES (?, ?, ?, ?, ?, ?, FALSE)", added.stream().map(job -> columns(job, now)).toList());
      Jdbc.batch(connection, "UPDATE cb_jobs SET definition = ?, fingerprint = ?, schedule_fingerprint = ?, enabled = ?,"
          + " updated_at = ? WHERE name = ?", changed.stream().map(job -> columns(job, now)).toList());
      Jdbc.batch(connection, "DELETE FROM cb_jobs WHERE name = ?", removed.stream().map(name -> new Object[] {name}).toList());
      Chains.declare(connection, Stream.concat(added.stream(), changed.stream()).map(Declared::spec).toList(),
          removed);
      return null;
    });
  }

  /** The values of a row, in the order both statements of {@link #save} name them. */
  private static Object[] columns(Declared job, long now) {
    return new Object[] {job.definition(), job.fingerprint(), scheduleFingerprint(job.spec()), job.enabled(), now, job.name()};
  }

  /** What a sync compares with the declared jobs, in one query and without decoding definitions. */
  public Map<String, Digest> digests() {
    Map<String, Digest> digests = new HashMap<>();
    jdbc.query("SELECT name, fingerprint, enabled FROM cb_jobs", row -> digests.put(row.getString(1),
        new Digest(row.getString(2), row.getBoolean(3))));
    return digests;
  }

  /** A row as {@code scheduler list} shows it: the definition still JSON, decoded only for a job no file declares. */
  public record Listed(String name, boolean enabled, boolean paused, String definition) {}

  public List<Listed> listing() {
    return jdbc.query("SELECT name, enabled, paused, definition FROM cb_jobs",
        row -> new Listed(row.getString(1), row.getBoolean(2), row.getBoolean(3), row.getString(4)));
  }

  public Optional<StoredJob> find(String name) {
    return jdbc.one("SELECT * FROM cb_jobs WHERE name = ?", this::row, name);
  }

  /**
   * The stored definitions (JSON) of the named jobs that exist, in a query per
   * {@value Jdbc#IN_LIST} names: a claim pass reads each job once, not once per run.
   */
  public Map<String, String> definitions(Collection<String> names) {
    Map<String, String> definitions = new HashMap<>();
    Jdbc.inLists(names, (chunk, marks) -> jdbc.query("SELECT name, definition FROM cb_jobs WHERE name IN (" + marks + ")",
        row -> definitions.put(row.getString(1), row.getString(2)), chunk.toArray()));
    return definitions;
  }

  /**
   * A row as stored, its definition unparsed: a caller that keeps parsed specs by fingerprint
   * parses only what changed.
   */
  public record StoredRow(String name, boolean enabled, boolean paused, String fingerprint, String definition) {}

  /** The rows of these jobs (absent names are left out), in a query per {@value Jdbc#IN_LIST} names. */
  public List<StoredRow> rows(List<String> names) {
    List<StoredRow> found = new ArrayList<>();
    Jdbc.inLists(names, (chunk, marks) -> found.addAll(jdbc.query(
        "SELECT name, enabled, paused, fingerprint, definition FROM cb_jobs WHERE name IN (" + marks + ")",
        row -> new StoredRow(row.getString(1), row.getBoolean(2), row.getBoolean(3), row.getString(4), row.getString(5)),
        chunk.toArray())));
    return found;
  }

  public List<StoredJob> all() {
    return jdbc.query("SELECT * FROM cb_jobs ORDER BY name", this::row);
  }

  /**
   * Pauses or resumes a job cluster-wide; it stays so across restarts and reloads.
   *
   * @return false when the store has no such job
   */
  public boolean setPaused(String name, boolean paused, Instant at) {
    return paused
        ? jdbc.update("UPDATE cb_jobs SET paused = ?, paused_at = ? WHERE name = ?", true, at.toEpochMilli(), name) == 1
        : jdbc.transaction(connection -> unpause(connection, name, at)) == 1;
  }

  private static int unpause(Connection connection, String name, Instant at) throws SQLException {
    // A resume restarts the watchdog's watch: the firings missed while paused are not overdue.
    return Jdbc.update(connection, "UPDATE cb_jobs SET paused = ?, paused_at = ?, watch_from = ? WHERE name = ?", false, null,
        at.toEpochMilli(), name);
  }

  /** Of the firings a job missed while paused (the newest, oldest first), the fire times its catch-up policy runs. */
  @FunctionalInterface
  public interface CatchUpChoice {
    List<Instant> toRun(JobSpec job, List<Instant> missed);
  }

  /**
   * What a resume did.
   *
   * @param queued the firings queued as catch-up runs, newest first
   */
  public record Resumed(JobSpec job, boolean wasPaused, List<Long> queued) {}

  /**
   * Resumes a paused job in one transaction: its row (locked first, so two resumes cannot both
   * queue its firings) no longer paused, and of the firings recorded MISSED while it was, the ones
   * {@code choice} picks queued now as catch-up runs. A job that is not paused is left as it is.
   *
   * @param newest how many of the newest missed firings {@code choice} is shown; no policy runs more
   * @return empty when the store has no such job
   */
  public Optional<Resumed> resume(String name, Instant now, int newest, CatchUpChoice choice) {
    return jdbc.transaction(connection -> {
      List<StoredJob> found = Jdbc.query(connection, "SELECT * FROM cb_jobs WHERE name = ? FOR UPDATE", this::row, name);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      StoredJob job = found.get(0);
      if (!job.paused()) {
        return Optional.of(new Resumed(job.spec(), false, List.of()));
      }
      unpause(connection, name, now);
      List<PausedFirings.Missed> missed = PausedFirings.newest(connection, name, Optional.ofNullable(job.pausedAt()), newest);
      List<Instant> oldestFirst = missed.stream().map(PausedFirings.Missed::scheduledAt).sorted().toList();
      Set<Instant> toRun = new HashSet<>(choice.toRun(job.spec(), oldestFirst));
      List<PausedFirings.Missed> queued = missed.stream().filter(m -> toRun.contains(m.scheduledAt())).toList();
      return Optional.of(new Resumed(job.spec(), true, PausedFirings.queue(connection, queued, now)));
    });
  }

  /**
   * A row as the watchdog reads it.
   *
   * @param watchedFrom when the job was last changed or resumed: firings before it are not its own
   * @param overdueSince when its overdue episode began, or null when it is not in one
   * @param overdueDue the firing that episode is about, or null
   */
  public record Watched(String name, boolean enabled, boolean paused, String fingerprint,
      Instant watchedFrom, Instant overdueSince, Instant overdueDue) {}

  /** Every job's row without its definition: the watchdog reads it every heartbeat, definitions only when they change. */
  public List<Watched> watched() {
    return jdbc.query("SELECT name, enabled, paused, fingerprint, updated_at, watch_from, overdue_since, overdue_due"
        + " FROM cb_jobs ORDER BY name", row -> {
          Long resumed = Jdbc.nullableLong(row, "watch_from");
          Long since = Jdbc.nullableLong(row, "overdue_since");
          Long due = Jdbc.nullableLong(row, "overdue_due");
          return new Watched(row.getString(1), row.getBoolean(2), row.getBoolean(3), row.getString(4),
              Instant.ofEpochMilli(Math.max(row.getLong(5), resumed == null ? 0 : resumed)),
              since == null ? null : Instant.ofEpochMilli(since), due == null ? null : Instant.ofEpochMilli(due));
        });
  }

  /**
   * Records the start of an overdue episode, unless one is recorded already.
   *
   * @return true for the one caller that recorded it: that caller tells people, no other
   */
  public boolean overdueBegins(String name, Instant due, Instant since) {
    return jdbc.update("UPDATE cb_jobs SET overdue_since = ?, overdue_due = ? WHERE name = ? AND overdue_since IS NULL",
        since.toEpochMilli(), due.toEpochMilli(), name) == 1;
  }

  /** Records the end of an overdue episode; true for the one caller that ended it. */
  public boolean overdueEnds(String name) {
    return jdbc.update("UPDATE cb_jobs SET overdue_since = NULL, overdue_due = NULL WHERE name = ? AND overdue_since IS NOT NULL",
        name) == 1;
  }

  /** Whether the job is in an overdue episode now, as the store has it. */
  public boolean inOverdueEpisode(String name) {
    return jdbc.one("SELECT overdue_since FROM cb_jobs WHERE name = ?", row -> Jdbc.nullableLong(row, "overdue_since") != null,
        name).orElse(false);
  }

  /** The next fire time of every job that has a trigger, as Quartz will fire it. */
  public Map<String, Instant> nextFireTimes() {
    Map<String, Instant> times = new HashMap<>();
    jdbc.query("SELECT TRIGGER_NAME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'cronbeat'", row -> {
      long next = row.getLong(2);
      if (!row.wasNull() && next > 0) {
        times.put(row.getString(1), Instant.ofEpochMilli(next));
      }
      return null;
    });
    return times;
  }

  private StoredJob row(ResultSet row) throws SQLException {
    Long pausedAt = Jdbc.nullableLong(row, "paused_at");
    return new StoredJob(fromJson(row.getString("definition")), row.getBoolean("enabled"), row.getBoolean("paused"),
        pausedAt == null ? null : Instant.ofEpochMilli(pausedAt), row.getString("fingerprint"),
        row.getString("schedule_fingerprint"));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
