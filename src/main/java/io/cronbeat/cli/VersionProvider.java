package io.cronbeat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import picocli.CommandLine.IVersionProvider;

/**
 * The version (the jar's manifest), the git commit the build came from (a resource the build
 * writes with {@code git describe}, pom.xml) and the Java runtime: what a bug report needs.
 * Classes outside a jar (tests, an IDE) are a development build.
 */
public class VersionProvider implements IVersionProvider {

  static final String COMMIT_RESOURCE = "/META-INF/cronbeat-commit.txt";
  static final String BUILT = "Cronbeat-Build-Time";
  /** What {@code git describe --always --dirty} prints; anything else is git's complaint. */
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}(-dirty)?");

  @Override
  public String[] getVersion() {
    return lines(manifest().orElse(null), commit().orElse(null));
  }

  static String[] lines(Attributes manifest, String described) {
    String runtime = "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")";
    String commit = "commit " + (described == null ? "unknown"
        : described.endsWith("-dirty") ? described.replace("-dirty", " with uncommitted changes") : described);
    String version = manifest == null ? null : manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    if (version == null) {
      return new String[] {"cronbeat (development build, " + commit + ")", runtime};
    }
    String built = Optional.ofNullable(manifest.getValue(BUILT)).map(time -> ", built " + time).orElse("");
    return new String[] {"cronbeat " + version + " (" + commit + built + ")", runtime};
  }

  private static Optional<String> commit() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(COMMIT_RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      String text = new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
      return COMMIT.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
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
