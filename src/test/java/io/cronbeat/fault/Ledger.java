package io.cronbeat.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the jobs themselves wrote (src/test/resources/fault/ledger.sh): when each attempt of each
 * run started, showed life and ended. It is the witness the store cannot be: a process that the
 * store thinks is LOST but still runs keeps ticking here.
 */
final class Ledger {

  /** The script, copied out of the test resources so a node process can run it by path. */
  static Path installScript(Path dir) {
    try (var in = Ledger.class.getResourceAsStream("/fault/ledger.sh")) {
      Path script = dir.resolve("ledger.sh");
      Files.write(script, in.readAllBytes());
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One attempt of one run, as the process saw itself. */
  record Life(long run, int attempt, Instant start, long pid, Instant lastSign, boolean ended) {

    /** True when the two lived at the same time. */
    boolean overlaps(Life other) {
      return start.isBefore(other.lastSign) && other.start.isBefore(lastSign);
    }
  }

  /** Two attempts of one run alive at once. */
  record Overlap(Life first, Life second) {}

  private final Map<List<Long>, Life> lives;

  private Ledger(Map<List<Long>, Life> lives) {
    this.lives = lives;
  }

  /** Reads the file as it is now; a missing file is an empty ledger. A half-written last line is ignored. */
  static Ledger read(Path file) {
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<List<Long>, Life> lives = new LinkedHashMap<>();
    for (String line : lines) {
      String[] f = line.trim().split(" ");
      if (f.length < 4 || !f[1].matches("\\d+") || !f[2].matches("\\d+") || !f[3].matches("\\d{13}")) {
        continue;
      }
      long run = Long.parseLong(f[1]);
      int attempt = Integer.parseInt(f[2]);
      Instant at = Instant.ofEpochMilli(Long.parseLong(f[3]));
      List<Long> key = List.of(run, (long) attempt);
      Life known = lives.get(key);
      switch (f[0]) {
        case "start" -> lives.put(key, new Life(run, attempt, at, f.length > 4 ? Long.parseLong(f[4]) : -1, at, false));
        case "tick", "end" -> {
          if (known != null) {
            Instant last = at.isAfter(known.lastSign()) ? at : known.lastSign();
            lives.put(key, new Life(run, attempt, known.start(), known.pid(), last, known.ended() || f[0].equals("end")));
          }
        }
        default -> { }
      }
    }
    return new Ledger(lives);
  }

  SortedSet<Long> runs() {
    TreeSet<Long> runs = new TreeSet<>();
    lives.values().forEach(l -> runs.add(l.run()));
    return runs;
  }

  /** The attempts of a run in the order of their numbers. */
  List<Life> attempts(long run) {
    return lives.values().stream().filter(l -> l.run() == run).sorted(Comparator.comparingInt(Life::attempt)).toList();
  }

  List<Life> all() {
    return List.copyOf(lives.values());
  }

  Optional<Life> attempt(long run, int attempt) {
    return Optional.ofNullable(lives.get(List.of(run, (long) attempt)));
  }

  /** Every pair of attempts of one run that were alive at the same time. */
  List<Overlap> overlapping() {
    List<Overlap> overlaps = new ArrayList<>();
    for (long run : runs()) {
      List<Life> attempts = attempts(run);
      for (int i = 0; i < attempts.size(); i++) {
        for (int j = i + 1; j < attempts.size(); j++) {
          if (attempts.get(i).overlaps(attempts.get(j))) {
            overlaps.add(new Overlap(attempts.get(i), attempts.get(j)));
          }
        }
      }
    }
    return overlaps;
  }

  /** Runs with at least one pair of overlapping attempts. */
  long overlappingRuns() {
    return overlapping().stream().map(o -> o.first().run()).distinct().count();
  }

  /** The pids the attempts reported, for cleaning up after a test. */
  List<Long> pids() {
    return lives.values().stream().map(Life::pid).filter(p -> p > 1).toList();
  }
}
