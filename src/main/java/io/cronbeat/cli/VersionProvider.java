package io.cronbeat.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import picocli.CommandLine.IVersionProvider;

/**
 * The version and git commit from the jar's manifest (written by the build, pom.xml), and the
 * Java runtime: what a bug report needs. Classes outside a jar (tests, an IDE) are a
 * development build.
 */
public class VersionProvider implements IVersionProvider {

  static final String COMMIT = "Cronbeat-Commit";
  static final String DIRTY = "Cronbeat-Commit-Dirty";
  static final String BUILT = "Cronbeat-Build-Time";

  @Override
  public String[] getVersion() {
    return lines(manifest().orElse(null));
  }

  static String[] lines(Attributes manifest) {
    String runtime = "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")";
    String version = manifest == null ? null : manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    if (version == null) {
      return new String[] {"cronbeat (development build)", runtime};
    }
    String commit = known(manifest.getValue(COMMIT)).orElse("unknown");
    if ("true".equals(manifest.getValue(DIRTY))) {
      commit += " with uncommitted changes";
    }
    String built = known(manifest.getValue(BUILT)).map(time -> ", built " + time).orElse("");
    return new String[] {"cronbeat " + version + " (commit " + commit + built + ")", runtime};
  }

  /** A build outside a git repository leaves the manifest's placeholders as they were. */
  private static Optional<String> known(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank() && !v.startsWith("${"));
  }

  /** The manifest of the jar this class came from, not another jar's on the class path. */
  private static Optional<Attributes> manifest() {
    CodeSource source = VersionProvider.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return Optional.empty();
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        return Optional.ofNullable(jar.getManifest()).map(m -> m.getMainAttributes());
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
