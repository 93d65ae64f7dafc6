package io.cronbeat.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * A random secret in a file only the node's OS user can read (mode 0600): 32 random bytes,
 * base64url, made once. The store's password and the HTTP API's token are such files.
 */
public final class PrivateSecret {

  private PrivateSecret() {}

  /** The secret in {@code file}, created on first use; empty if someone emptied the file. */
  public static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      create(file);
    }
    PrivateFiles.restrict(file, PrivateFiles.FILE);
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
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
    Path temporary = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
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
