package io.cronbeat.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the command line, with its exit code and both streams. */
public record CliRun(int exitCode, String out, String err) {

  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  static CliRun of(Map<String, String> env, String... args) {
    return of(NOW, env, args);
  }

  public static CliRun of(Clock clock, Map<String, String> env, String... args) {
    return of(Cli.create(new CliContext(clock, env), args), args);
  }

  /** A run of {@code args} on {@code cli}, built as the tests need it. */
  static CliRun of(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun of(String... args) {
    return of(Map.of("CRONBEAT_TIMEZONE", "UTC"), args);
  }
}
