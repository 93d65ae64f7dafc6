package io.cronbeat.job;

import io.cronbeat.timing.CronDialect;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.yaml.Diagnostics;
import io.cronbeat.yaml.NodeReader;
import io.cronbeat.yaml.YamlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;

/** Loads job files and directories of them, collecting every problem before answering. */
public final class JobLoader {

  private static final Pattern JOB_FILE = Pattern.compile("[^.].*\\.ya?ml");

  private final JobFileReader reader;
  private final FileSafety safety;

  /**
   * @param defaultZone the zone of jobs that name none
   * @param clock "now", for rejecting schedules that never fire again
   */
  public JobLoader(ZoneId defaultZone, Clock clock) {
    this(defaultZone, Optional.empty(), clock);
  }

  /** @param cronDialect the configuration's {@code cron.dialect}: how 6/7-field schedules number days */
  public JobLoader(ZoneId defaultZone, Optional<CronDialect> cronDialect, Clock clock) {
    this(defaultZone, cronDialect, clock, ShellCheck.NONE);
  }

  /** @param shell checks the syntax of string commands ({@code scheduler validate} does) */
  public JobLoader(ZoneId defaultZone, Optional<CronDialect> cronDialect, Clock clock, ShellCheck shell) {
    this(defaultZone, cronDialect, clock, shell, FileSafety.ofThisProcess());
  }

  JobLoader(ZoneId defaultZone, Clock clock, FileSafety safety) {
    this(defaultZone, Optional.empty(), clock, ShellCheck.NONE, safety);
  }

  private JobLoader(
      ZoneId defaultZone, Optional<CronDialect> cronDialect, Clock clock, ShellCheck shell, FileSafety safety) {
    this.reader = new JobFileReader(new ScheduleParser(cronDialect), defaultZone, clock, shell);
    this.safety = safety;
  }

  /**
   * Every {@code *.yaml} and {@code *.yml} file in or under each path, in name order. A file or
   * directory that another user could change is refused, and the whole set is then invalid.
   */
  public JobSet load(List<Path> paths) {
    Diagnostics diagnostics = new Diagnostics();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      files.addAll(expand(path, diagnostics));
    }
    List<JobDefinition> jobs = new ArrayList<>();
    Map<String, JobDefinition> byName = new HashMap<>();
    // Files are read in parallel (10,000 jobs in 20 files took a third of a node's start on one
    // core), each into diagnostics of its own; names are then checked across files in name order,
    // so the outcome is the one reading them one by one gives.
    for (FileJobs file : files.parallelStream().map(this::read).toList()) {
      diagnostics.addAll(file.diagnostics());
      for (JobDefinition job : file.jobs()) {
        JobDefinition first = byName.putIfAbsent(job.name(), job);
        if (first != null) {
          diagnostics.add(file.shown(), job.source().line(), job.source().column(),
              "job '" + job.name() + "' is already declared at " + first.source(),
              "job names are unique across all files: rename one of them");
        } else {
          jobs.add(job);
        }
      }
    }
    GroupLimits.check(jobs, diagnostics);
    ChainCheck.check(jobs, diagnostics);
    return new JobSet(jobs, diagnostics.all(), files.size());
  }

  /** One file's jobs and problems. */
  private record FileJobs(String shown, List<JobDefinition> jobs, Diagnostics diagnostics) {}

  private FileJobs read(Path file) {
    Diagnostics diagnostics = new Diagnostics();
    String shown = file.toString();
    List<JobDefinition> jobs = new ArrayList<>();
    if (safety.check(file, diagnostics)) { // else not read: its content is not the node user's
      for (MappingNode root : YamlSource.read(file, shown, JobFileReader.TOP_LEVEL_HINT, diagnostics).stream().toList()) {
        jobs.addAll(reader.read(root, new NodeReader(shown, diagnostics)));
      }
    }
    return new FileJobs(shown, jobs, diagnostics);
  }

  private List<Path> expand(Path path, Diagnostics diagnostics) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      diagnostics.add(path.toString(), 1, 1, "no such file or directory",
          "give a job file or a directory of *.yaml files (by default: schedules/)");
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> all = walk.sorted().toList();
      all.stream().filter(Files::isDirectory).forEach(directory -> safety.check(directory, diagnostics));
      return all.stream().filter(Files::isRegularFile)
          .filter(p -> JOB_FILE.matcher(p.getFileName().toString()).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      diagnostics.add(path.toString(), 1, 1, "cannot list directory: " + e.getMessage(), "check its permissions");
      return List.of();
    }
  }
}
