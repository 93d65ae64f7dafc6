package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The password of the embedded store: a {@link PrivateSecret} in {@code DATA/secret}, made once
 * per data directory. The node and the commands read the same file, so only the OS user who can
 * read it can open the store, whichever process serves it.
 */
final class StoreSecret {

  static final String FILE = "secret";

  private StoreSecret() {}

  /** The secret of {@code dataDir}, created on first use. */
  static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      String secret = PrivateSecret.readOrCreate(file);
      if (secret.isEmpty()) {
        throw new CronbeatException(file + " is empty", "delete it only if the store is new; else restore it from a backup");
      }
      return secret;
    } catch (IOException e) {
      throw new CronbeatException("cannot read the store secret " + file + ": " + e.getMessage(),
          "run as the user who owns the data directory");
    }
  }
}
