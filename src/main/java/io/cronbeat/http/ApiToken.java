package io.cronbeat.http;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.store.PrivateSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bearer token {@code /api/} requires: {@code http.token}, or else the one in
 * {@code DATA/http-token}, made on a node's first start (mode 0600) so the CLI can read it.
 * Only a hash of it is kept in memory, compared in constant time; it is never logged.
 */
public final class ApiToken {

  /** The token file in the data directory, for the CLI. */
  public static final String FILE = "http-token";

  private final byte[] hash;

  private ApiToken(String token) {
    this.hash = sha256(token);
  }

  /** The configured token, or the data directory's, created on first use. */
  public static ApiToken of(CronbeatConfig.Http http, Path dataDir) {
    if (!http.token().isEmpty()) {
      return new ApiToken(http.token());
    }
    Path file = dataDir.resolve(FILE);
    try {
      String token = PrivateSecret.readOrCreate(file);
      if (token.length() < CronbeatConfig.Http.TOKEN_MIN_LENGTH) {
        throw new CronbeatException("the HTTP token in " + file + " is empty or too short",
            "delete the file and start the node again to make a new one, or set http.token");
      }
      return new ApiToken(token);
    } catch (IOException e) {
      throw new CronbeatException("cannot read the HTTP token " + file + ": " + e.getMessage(),
          "run as the user who owns the data directory, or set http.token");
    }
  }

  /**
   * Who presents this token, for keys a caller names (idempotency keys): a prefix of its hash,
   * which says nothing of the token itself.
   */
  public String caller() {
    return HexFormat.of().formatHex(hash, 0, 8);
  }

  /** True when {@code header} is {@code Bearer <this token>}. Takes the same time whatever it holds. */
  public boolean accepts(String header) {
    String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
    // Hashing first makes the comparison independent of the presented token's length too.
    return MessageDigest.isEqual(hash, sha256(presented)) && !presented.isEmpty();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ApiToken[****]";
  }
}
