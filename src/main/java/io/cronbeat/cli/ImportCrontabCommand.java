package io.cronbeat.cli;

import io.cronbeat.job.CrontabImporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler import-crontab}: a crontab, converted into a job file on stdout. */
@Command(name = "import-crontab", mixinStandardHelpOptions = true,
    description = {"Convert a crontab into a job file on stdout.",
        "Each line runs as cron ran it (%% as standard input, SHELL, CRON_TZ, environment lines).",
        "Every line that needs a second look is reported on stderr with its line number: lines not converted"
            + " (@reboot, shell syntax errors), %% in a command, user columns, MAILTO, output redirected to a log file.",
        "Review the result, then save it under schedules/."},
    footer = {"%nExample: crontab -l | bin/scheduler import-crontab - > schedules/from-cron.yaml"})
class ImportCrontabCommand implements Callable<Integer> {

  private static final Path PASSWD = Path.of("/etc/passwd");

  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = "-", description = "The crontab, or - for stdin (default).")
  String file;

  @Option(names = "--system", description = "System format (/etc/crontab, /etc/cron.d/*): a user column before the command."
      + " Assumed for files under /etc.")
  boolean system;

  @Option(names = "--users", split = ",", paramLabel = "NAME",
      description = "User names that mark a user column in a user crontab (default: the users in /etc/passwd).")
  List<String> users;

  @Option(names = "--verbose", hidden = true)
  boolean verbose;

  ImportCrontabCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    String text;
    try {
      text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      spec.commandLine().getErr().println("error: no such file: " + file + "\n  hint: give a crontab file, or - to read stdin");
      return ExitCodes.INVALID;
    }
    boolean systemFormat = system || (!file.equals("-") && Path.of(file).toAbsolutePath().startsWith("/etc"));
    CrontabImporter.Options options = new CrontabImporter.Options(systemFormat, users == null ? systemUsers() : Set.copyOf(users));
    CrontabImporter.Result result = new CrontabImporter(options).convert(text, file.equals("-") ? "stdin" : file,
        context.clock().instant());
    spec.commandLine().getOut().print(result.yaml());
    result.notes().forEach(spec.commandLine().getErr()::println);
    spec.commandLine().getErr().println(result.jobs() + " jobs converted, " + result.notes().size() + " notes");
    return ExitCodes.OK;
  }

  /** The names in /etc/passwd; none when it cannot be read (a user column is then not detected). */
  private static Set<String> systemUsers() {
    try {
      return Files.readAllLines(PASSWD).stream().filter(line -> line.contains(":"))
          .map(line -> line.substring(0, line.indexOf(':'))).collect(Collectors.toSet());
    } catch (IOException e) {
      return Set.of();
    }
  }
}
