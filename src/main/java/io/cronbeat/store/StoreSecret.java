package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The password of the embedded store: 32 random bytes in {@code DATA/secret}, mode 0600, made
 * once per data directory. The node and the commands read the same file, so only the OS user
 * who can read it can open the store, whichever process serves it.
 */
final class StoreSecret {

  static final String FILE = "secret";

  private StoreSecret() {}

  /** The secret of {@code dataDir}, created on first use. */
  static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      PrivateFiles.restrict(file, PrivateFiles.FILE);
      String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (secret.isEmpty()) {
        throw new CronbeatException(file + " is empty", "delete it only if the store is new; else restore it from a backup");
      }
      return secret;
    } catch (IOException e) {
      throw new CronbeatException("cannot read the store secret " + file + ": " + e.getMessage(),
          "run as the user who owns the data directory");
    }
  }

  /**
   * Written to a private temporary file, then linked into place: a link never replaces an
   * existing file, so two processes starting together agree on one secret, and a reader
   * never sees a half-written one.
   */
  private static void create(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path temporary = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
    Files.createFile(temporary, PrivateFiles.attribute(PrivateFiles.FILE));
    try {
      Files.writeString(temporary, secret + "\n", StandardCharsets.US_ASCII);
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException raced) {
      // the other process's secret wins
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
