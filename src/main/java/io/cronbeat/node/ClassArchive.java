package io.cronbeat.node;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class archive of {@code scheduler run} (issue 8: a re-sync within a second of the start).
 * bin/scheduler maps one when it has it; when it has none, it starts the node with
 * {@code -XX:+RecordDynamicDumpInfo} and {@value #PROPERTY} naming where it goes, and the node
 * writes it once it has started, with every class a start loads (JDK 17's
 * {@code VM.cds dynamic_dump}). A node's JVM never exits by itself, so the CLI's way (written at
 * exit) would need bin/scheduler to stay between the node and its signals; and the archive is
 * written aside and moved into place, so a start never maps half of one.
 */
final class ClassArchive {

  static final String PROPERTY = "cronbeat.cds.archive";
  private static final Logger log = LoggerFactory.getLogger(ClassArchive.class);
  /** The dump stops the JVM for about a second; a stop waits for it rather than exit in its middle. */
  private static final Duration WAIT_AT_STOP = Duration.ofSeconds(30);

  private final Path target;
  private Thread writer;

  private ClassArchive(Path target) {
    this.target = target;
  }

  /** The archive bin/scheduler asked this JVM to write, if it asked. */
  static Optional<ClassArchive> requested() {
    return Optional.ofNullable(System.getProperty(PROPERTY)).filter(path -> !path.isBlank())
        .map(path -> new ClassArchive(Path.of(path)));
  }

  /** Writes it on a thread of its own: the node is running meanwhile. */
  synchronized void writeInBackground() {
    writer = new Thread(this::write, "cronbeat-class-archive");
    writer.setDaemon(true);
    writer.start();
  }

  /** Waits for a write under way to end. */
  synchronized void awaitWritten() {
    if (writer == null) {
      return;
    }
    try {
      writer.join(WAIT_AT_STOP.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The path as one argument of a diagnostic command: the JVM joins a command's arguments with
   * spaces and splits them again, keeping only a quoted one whole (an installation under
   * "/opt/my apps" would otherwise never get its archive).
   */
  static String argument(Path path) {
    return "\"" + path + "\"";
  }

  private void write() {
    Path temporary = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    PrintStream out = System.out;
    // JDK 17 says " Dynamic dump to file PATH" on stdout, among the node's log lines, at the first
    // start of every new jar; the file is ours and temporary, the line noise. Other threads' output
    // (the console log) goes through meanwhile.
    System.setOut(new WithoutDumpNotice(out));
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "vmCds", new Object[] {new String[] {"dynamic_dump", argument(temporary)}},
          new String[] {String[].class.getName()});
      if (Files.size(temporary) > 0) {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (JMException | RuntimeException | IOException e) {
      // Only slower starts without it, but said: a node that never gets one tries again at every start.
      log.info("no class archive written to {} (later starts stay slower): {}", target, e.getMessage());
    } finally {
      System.setOut(out);
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        log.debug("cannot remove {}: {}", temporary, e.getMessage());
      }
    }
  }

  /** Standard output less the dump's own notice, which the JDK prints with one println. */
  private static final class WithoutDumpNotice extends PrintStream {

    private static final String NOTICE = " dump to file ";

    WithoutDumpNotice(PrintStream out) {
      super(out, true);
    }

    @Override
    public void println(String line) {
      if (line == null || !line.contains(NOTICE)) {
        super.println(line);
      }
    }
  }
}
