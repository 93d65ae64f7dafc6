package io.cronbeat.cli;

import picocli.CommandLine.Option;

/** {@code --in DURATION | --at INSTANT}: when a queued run becomes due (read by the run service's rules). */
class When {

  @Option(names = "--in", paramLabel = "DURATION", description = "Run after this long, e.g. 10m or 1h30m.")
  String in;

  @Option(names = "--at", paramLabel = "INSTANT", description = "Run at this ISO-8601 time with offset, e.g. 2026-12-01T02:00:00+01:00.")
  String at;
}
