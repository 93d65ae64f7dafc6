package io.cronbeat.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.HttpCall;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.store.JobTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * cb_jobs rows stay readable across versions, and byte for byte what earlier versions wrote: a
 * command job's row is what it was before HTTP jobs, and the durations are the seconds they were
 * when JobSpec kept them as longs (the row's fingerprint decides whether sync rewrites a job).
 */
class JobSpecJsonTest {

  /** A row as the version before HTTP jobs wrote it. */
  private static final String BEFORE_HTTP = "{\"name\":\"backup\",\"schedule\":\"30 2 * * *\",\"timezone\":\"UTC\","
      + "\"argv\":[\"/bin/sh\",\"-c\",\"pg_dump mydb\"],\"shell\":true,\"workdir\":null,\"env\":{\"PGHOST\":\"db\"},"
      + "\"timeoutSeconds\":60,\"attempts\":3,\"backoffSeconds\":30,\"maxBackoffSeconds\":600,\"overlap\":\"FORBID\","
      + "\"catchUp\":\"LATEST\",\"jitterSeconds\":0,\"webhook\":null,\"notifyCommand\":null,\"notifyOn\":[]}";

  /*
   * Rows as the version before JobSpec's durations were Durations wrote them (its JobTable.toJson
   * of JobSpec.of each job), copied literally: every optional part, and each duration field set.
   */

  /** all-fields.yaml's nightly-backup: every duration, headers, notify command, expect. */
  private static final String NIGHTLY_BACKUP = "{\"name\":\"nightly-backup\",\"schedule\":\"30 2 * * *\","
      + "\"timezone\":\"Europe/Berlin\",\"argv\":[\"/bin/sh\",\"-c\","
      + "\"pg_dump mydb > /var/backups/db-$(date +%F).sql\"],\"shell\":true,\"workdir\":\"/var/backups\","
      + "\"env\":{\"EMPTY\":\"\",\"PGHOST\":\"db.internal\",\"PGPORT\":\"5432\"},"
      + "\"timeoutSeconds\":5400,\"attempts\":5,\"backoffSeconds\":30,\"maxBackoffSeconds\":600,\"overlap\":\"REPLACE\","
      + "\"catchUp\":\"ALL\",\"jitterSeconds\":120,\"webhook\":\"https://hooks.example.com/cron/${HOOK_TOKEN}\","
      + "\"notifyCommand\":[\"notify-send\",\"backup\"],\"notifyOn\":[\"FAILURE\",\"TIMEOUT\",\"OVERDUE\"],"
      + "\"notifyHeaders\":{\"Authorization\":\"Bearer ${HOOK_SECRET}\"},\"expectSeconds\":10800}";

  /** all-fields.yaml's sync: no timeout, the watchdog off (expect 0). */
  private static final String SYNC = "{\"name\":\"sync\",\"schedule\":\"H H(0-5) * * *\",\"timezone\":\"Z\","
      + "\"argv\":[\"rsync\",\"-a\",\"/data/\",\"backup:/data/\"],\"shell\":false,\"workdir\":null,\"env\":{},"
      + "\"timeoutSeconds\":null,\"attempts\":1,\"backoffSeconds\":30,\"maxBackoffSeconds\":600,\"overlap\":\"FORBID\","
      + "\"catchUp\":\"LATEST\",\"jitterSeconds\":0,\"webhook\":null,\"notifyCommand\":null,\"notifyOn\":[],"
      + "\"expectSeconds\":0}";

  /** placement.yaml's pg-backup: node labels and a concurrency group. */
  private static final String PG_BACKUP = "{\"name\":\"pg-backup\",\"schedule\":\"30 2 * * *\",\"timezone\":\"Z\","
      + "\"argv\":[\"/bin/sh\",\"-c\",\"pg_dump mydb > /backups/db.sql\"],\"shell\":true,\"workdir\":null,\"env\":{},"
      + "\"timeoutSeconds\":null,\"attempts\":1,\"backoffSeconds\":30,\"maxBackoffSeconds\":600,\"overlap\":\"FORBID\","
      + "\"catchUp\":\"LATEST\",\"jitterSeconds\":0,\"webhook\":null,\"notifyCommand\":null,\"notifyOn\":[],"
      + "\"nodes\":{\"dc\":[\"eu-1\",\"eu-2\"],\"role\":[\"backup\"]},\"concurrency\":{\"name\":\"db-heavy\",\"limit\":2}}";

  /** A chained job ({@code after: {job: extract, on: success}}, timeout 90s) with no schedule. */
  private static final String CHAINED = "{\"name\":\"load\",\"schedule\":null,\"timezone\":null,\"argv\":[\"true\"],"
      + "\"shell\":false,\"workdir\":null,\"env\":{},\"timeoutSeconds\":90,\"attempts\":1,\"backoffSeconds\":30,"
      + "\"maxBackoffSeconds\":600,\"overlap\":\"FORBID\",\"catchUp\":\"LATEST\",\"jitterSeconds\":0,\"webhook\":null,"
      + "\"notifyCommand\":null,\"notifyOn\":[],\"after\":{\"need\":\"ANY\",\"on\":\"SUCCESS\",\"jobs\":[\"extract\"]}}";

  /** {@code JobSpec.adHoc("x", [true], 3, 1500 ms, 5 s)}: the part second of the backoff dropped. */
  private static final String SUBMITTED = "{\"name\":\"x\",\"schedule\":null,\"timezone\":null,\"argv\":[\"true\"],"
      + "\"shell\":false,\"workdir\":null,\"env\":{},\"timeoutSeconds\":5,\"attempts\":3,\"backoffSeconds\":1,"
      + "\"maxBackoffSeconds\":600,\"overlap\":\"ALLOW\",\"catchUp\":\"NONE\",\"jitterSeconds\":0,\"webhook\":null,"
      + "\"notifyCommand\":null,\"notifyOn\":[]}";

  private static final JobLoader LOADER =
      new JobLoader(ZoneOffset.UTC, Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

  private final JobTable table = new JobTable(null, Clock.systemUTC());

  @Test
  void aRowWrittenBeforeHttpJobsLoadsAsTheSameCommandJob() {
    JobSpec spec = table.fromJson(BEFORE_HTTP);

    assertThat(spec.http()).isNull();
    assertThat(spec.argv()).containsExactly("/bin/sh", "-c", "pg_dump mydb");
    assertThat(spec.env()).isEqualTo(Map.of("PGHOST", "db"));
    assertThat(table.toJson(spec)).as("written back unchanged: same fingerprint, no spurious change").isEqualTo(BEFORE_HTTP);
  }

  @Test
  void anHttpJobRoundTrips() {
    JobDefinition job = LOADER.load(List.of(Path.of("src/test/resources/jobs/valid/http.yaml"))).job("search-reindex")
        .orElseThrow();
    JobSpec spec = JobSpec.of(job);

    JobSpec read = table.fromJson(table.toJson(spec));

    assertThat(read).isEqualTo(spec);
    assertThat(read.argv()).isEmpty();
    assertThat(read.http()).isEqualTo((HttpCall) job.execution().work());
    assertThat(read.toString()).doesNotContain("SEARCH_TOKEN");
  }

  @Test
  void rowsWithDurationsInSecondsReadBackAndWriteBackByteForByte() {
    for (String row : List.of(NIGHTLY_BACKUP, SYNC, PG_BACKUP, CHAINED, SUBMITTED, BEFORE_HTTP)) {
      assertThat(table.toJson(table.fromJson(row))).isEqualTo(row);
    }
  }

  @Test
  void theSecondsFieldsReadAsDurations() {
    JobSpec backup = table.fromJson(NIGHTLY_BACKUP);
    JobSpec sync = table.fromJson(SYNC);

    assertThat(backup).extracting(JobSpec::timeout, JobSpec::backoff, JobSpec::maxBackoff, JobSpec::jitter, JobSpec::expect)
        .containsExactly(Duration.ofMinutes(90), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(2),
            Duration.ofHours(3));
    assertThat(sync.timeout()).as("no timeout").isNull();
    assertThat(sync.expect()).as("expect: off").isEqualTo(Duration.ZERO);
    assertThat(table.fromJson(PG_BACKUP).expect()).as("the configured default").isNull();
  }

  @Test
  void jobFilesWriteTheRowsTheyWroteWhenDurationsWereSeconds() {
    JobSet jobs = LOADER.load(List.of(Path.of("src/test/resources/jobs/valid/all-fields.yaml"),
        Path.of("src/test/resources/jobs/valid/placement.yaml")));

    assertThat(table.toJson(JobSpec.of(jobs.job("nightly-backup").orElseThrow()))).isEqualTo(NIGHTLY_BACKUP);
    assertThat(table.toJson(JobSpec.of(jobs.job("sync").orElseThrow()))).isEqualTo(SYNC);
    assertThat(table.toJson(JobSpec.of(jobs.job("pg-backup").orElseThrow()))).isEqualTo(PG_BACKUP);
  }

  @Test
  void aSubmittedCommandKeepsWholeSecondsAsBefore() {
    JobSpec spec = JobSpec.adHoc("x", List.of("true"), 3, Duration.ofMillis(1500), Duration.ofSeconds(5));

    assertThat(spec.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(table.toJson(spec)).isEqualTo(SUBMITTED);
  }
}
