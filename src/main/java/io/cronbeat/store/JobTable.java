package io.cronbeat.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** {@code cb_jobs}: the declared jobs as the cluster knows them. */
public final class JobTable {

  /** A row: the spec, whether it is enabled or paused, and fingerprints to detect changes. */
  public record StoredJob(JobSpec spec, boolean enabled, boolean paused, String fingerprint, String scheduleFingerprint) {}

  private final Jdbc jdbc;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  public JobTable(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public String toJson(JobSpec spec) {
    return json.writeValueAsString(spec);
  }

  /** A fingerprint of the whole spec, and one of what decides fire times. */
  public String fingerprint(JobSpec spec) {
    return sha256(toJson(spec));
  }

  public static String scheduleFingerprint(JobSpec spec) {
    return sha256(spec.schedule() + "\n" + spec.timezone());
  }

  public void upsert(JobSpec spec, boolean enabled) {
    String definition = toJson(spec);
    long now = clock.millis();
    jdbc.transaction(connection -> {
      int updated = Jdbc.update(connection,
          "UPDATE cb_jobs SET definition = ?, fingerprint = ?, schedule_fingerprint = ?, enabled = ?, updated_at = ? WHERE name = ?",
          definition, sha256(definition), scheduleFingerprint(spec), enabled, now, spec.name());
      if (updated == 0) {
        Jdbc.update(connection,
            "INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
            spec.name(), definition, sha256(definition), scheduleFingerprint(spec), enabled, false, now);
      }
      return null;
    });
  }

  public void delete(String name) {
    jdbc.update("DELETE FROM cb_jobs WHERE name = ?", name);
  }

  public Optional<StoredJob> find(String name) {
    return jdbc.one("SELECT * FROM cb_jobs WHERE name = ?", this::row, name);
  }

  public List<StoredJob> all() {
    return jdbc.query("SELECT * FROM cb_jobs ORDER BY name", this::row);
  }

  private StoredJob row(ResultSet row) throws SQLException {
    return new StoredJob(json.readValue(row.getString("definition"), JobSpec.class), row.getBoolean("enabled"),
        row.getBoolean("paused"), row.getString("fingerprint"), row.getString("schedule_fingerprint"));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
