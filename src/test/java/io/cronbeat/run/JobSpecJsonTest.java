package io.cronbeat.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.HttpCall;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobLoader;
import io.cronbeat.store.JobTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cb_jobs rows stay readable across versions, and a command job's row is what it was before HTTP jobs. */
class JobSpecJsonTest {

  /** A row as the version before HTTP jobs wrote it. */
  private static final String BEFORE_HTTP = "{\"name\":\"backup\",\"schedule\":\"30 2 * * *\",\"timezone\":\"UTC\","
      + "\"argv\":[\"/bin/sh\",\"-c\",\"pg_dump mydb\"],\"shell\":true,\"workdir\":null,\"env\":{\"PGHOST\":\"db\"},"
      + "\"timeoutSeconds\":60,\"attempts\":3,\"backoffSeconds\":30,\"maxBackoffSeconds\":600,\"overlap\":\"FORBID\","
      + "\"catchUp\":\"LATEST\",\"jitterSeconds\":0,\"webhook\":null,\"notifyCommand\":null,\"notifyOn\":[]}";

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
    JobDefinition job = new JobLoader(ZoneOffset.UTC, Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC))
        .load(List.of(Path.of("src/test/resources/jobs/valid/http.yaml"))).job("search-reindex").orElseThrow();
    JobSpec spec = JobSpec.of(job);

    JobSpec read = table.fromJson(table.toJson(spec));

    assertThat(read).isEqualTo(spec);
    assertThat(read.argv()).isEmpty();
    assertThat(read.http()).isEqualTo((HttpCall) job.execution().work());
    assertThat(read.toString()).doesNotContain("SEARCH_TOKEN");
  }
}
