package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessRunnerTest {

  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  /** Every process of this tree ignores TERM (an ignored signal stays ignored across fork and exec). */
  private static final String IGNORES_TERM = "trap '' TERM; sh -c 'sleep 100 & echo $! > pid-b; wait' & "
      + "echo $! > pid-a; echo $$ > pid-main; wait";

  @TempDir Path dir;

  private final ProcessRunner runner = new ProcessRunner(1024 * 1024, 3, KILL_GRACE);

  private ProcessSpec shell(String script, Duration timeout) {
    return shellIn(dir, script, timeout);
  }

  private static ProcessSpec shellIn(Path workdir, String script, Duration timeout) {
    return new ProcessSpec(List.of("/bin/sh", "-c", script), Optional.of(workdir), Map.of("GREETING", "hello"),
        Optional.ofNullable(timeout), workdir.resolve("logs/out.log"));
  }

  @Test
  void runsInItsDirectoryWithItsEnvironmentAndKeepsTheOutput() throws Exception {
    ProcessResult result = runner.run(shell("echo $GREETING from $(pwd); echo oops >&2; exit 0", null),
        new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("logs/out.log"))).isEqualTo("hello from " + dir.toRealPath() + "\noops\n");
    assertThat(result.tail()).isEqualTo("hello from " + dir.toRealPath() + "\noops");
  }

  @Test
  void argumentsReachTheProgramUnchanged() throws Exception {
    List<String> argv = List.of("/usr/bin/printf", "[%s]\\n", "two words", "it's \"quoted\"", "$HOME `id`", "", "-x");

    ProcessResult result = runner.run(new ProcessSpec(argv, Optional.of(dir), Map.of(), Optional.empty(),
        dir.resolve("out.log")), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    assertThat(Files.readString(dir.resolve("out.log")))
        .isEqualTo("[two words]\n[it's \"quoted\"]\n[$HOME `id`]\n[]\n[-x]\n");
  }

  @Test
  void logIsReadableByTheNodeUserOnly() throws Exception {
    runner.run(new ProcessSpec(List.of("/bin/echo", "secret"), Optional.of(dir), Map.of(), Optional.empty(),
        dir.resolve("logs/job/1-1.log")), new ProcessRunner.Handle());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs/job/1-1.log"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs/job"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aRunThatWritesNothingOverAnOldLogLeavesItEmptyWithNoTail() throws Exception {
    Path log = dir.resolve("1-1.log");
    Files.writeString(log, "an earlier attempt's output\n");

    ProcessResult result = runner.run(new ProcessSpec(List.of("true"), Optional.of(dir), Map.of(), Optional.empty(), log),
        new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    assertThat(result.tail()).isEmpty();
    assertThat(Files.readString(log)).isEmpty();
  }

  @Test
  void aRunThatWritesOverAnOldLogShowsOnlyItsOwnOutput() throws Exception {
    Path log = dir.resolve("1-1.log");
    Files.writeString(log, "an earlier attempt's output, which was longer\n");

    ProcessResult result = runner.run(new ProcessSpec(List.of("/bin/echo", "new"), Optional.of(dir), Map.of(),
        Optional.empty(), log), new ProcessRunner.Handle());

    assertThat(result.tail()).isEqualTo("new");
    assertThat(Files.readString(log)).isEqualTo("new\n");
  }

  @Test
  void nonZeroExitIsAFailureWithItsCode() {
    ProcessResult result = runner.run(shell("exit 7", null), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.FAILED);
    assertThat(result.exitCode()).isEqualTo(7);
  }

  @Test
  void commandThatCannotStartSaysWhy() {
    ProcessResult result = runner.run(new ProcessSpec(List.of("/no/such/program"), Optional.empty(), Map.of(),
        Optional.empty(), dir.resolve("x.log")), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.NOT_STARTED);
    assertThat(result.detail()).startsWith("cannot start: Cannot run program \"/no/such/program\"");
  }

  @Test
  void plainStringCommandSeesWhatItWouldUnderTheShell() throws Exception {
    // Run without /bin/sh (plain words): same words, same environment, PWD the directory it runs in.
    ProcessResult result = runner.run(shell("/usr/bin/env", null), new ProcessRunner.Handle());
    runner.run(new ProcessSpec(List.of("/bin/sh", "-c", "/bin/echo  two \t  blanks"), Optional.of(dir), Map.of(),
        Optional.empty(), dir.resolve("echo.log")), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    assertThat(Files.readAllLines(dir.resolve("logs/out.log"))).contains("GREETING=hello", "PWD=" + dir.toRealPath());
    assertThat(Files.readString(dir.resolve("echo.log"))).isEqualTo("two blanks\n");
  }

  @Test
  void missingProgramInAStringCommandFailsAsTheShellReportsIt() throws Exception {
    ProcessResult result = runner.run(shell("no-such-program-4242 --flag", null), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.FAILED);
    assertThat(result.exitCode()).isEqualTo(127);
    assertThat(Files.readString(dir.resolve("logs/out.log"))).contains("no-such-program-4242").contains("not found");
  }

  @Test
  void childRunsInAProcessGroupOfItsOwn() throws Exception {
    AtomicReference<ProcessGroup> started = new AtomicReference<>();

    // The shell reports its own pid and what ps says its process group is.
    ProcessResult result = runner.run(shell("echo $$; ps -o pgid= -p $$", null),
        new ProcessRunner.Handle(started::set));

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    long pgid = started.get().pgid();
    List<String> lines = Files.readAllLines(dir.resolve("logs/out.log"));
    assertThat(lines).extracting(String::trim).containsExactly(Long.toString(pgid), Long.toString(pgid));
    assertThat(pgid).isNotEqualTo(ProcFs.stat(ProcessHandle.current().pid()).orElseThrow().pgrp());
  }

  @Test
  void timeoutStopsTheWholeProcessTree() throws Exception {
    // A child shell, its two grandchildren, and a third grandchild that left the process group.
    String script = "sh -c 'sleep 100 & echo $! > pid-a; sleep 100 & echo $! > pid-b; "
        + "setsid sleep 100 & echo $! > pid-d; wait' & echo $! > pid-c; wait";

    long before = System.nanoTime();
    ProcessResult result = runner.run(shell(script, Duration.ofSeconds(1)), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.TIMED_OUT);
    assertThat(result.detail()).isEqualTo("timed out after 1s; its process tree was stopped");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1).plus(KILL_GRACE));
    assertThat(pids("pid-a", "pid-b", "pid-c", "pid-d")).hasSize(4)
        .allSatisfy(pid -> assertThat(ProcFs.running(pid)).as("process %d running", pid).isFalse());
  }

  @Test
  void largeOutputKeepsItsHeadAndTail() throws Exception {
    ProcessRunner small = new ProcessRunner(2048, 1, Duration.ofSeconds(2));

    small.run(shell("echo FIRST; seq 1 100000; echo LAST", null), new ProcessRunner.Handle());

    String log = Files.readString(dir.resolve("logs/out.log"));
    assertThat(log).startsWith("FIRST\n1\n2\n").endsWith("99999\n100000\nLAST\n").contains(" bytes of output left out]");
    assertThat(log.length()).isLessThan(2048 + 100);
  }

  @Test
  void bigOutputIsCopiedWhileManyOtherJobsRun() throws Exception {
    List<ProcessRunner.Handle> sleepers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch allStarted = new CountDownLatch(6);
    for (int i = 0; i < 6; i++) {
      ProcessRunner.Handle handle = new ProcessRunner.Handle(group -> allStarted.countDown());
      Path workdir = Files.createDirectory(dir.resolve("sleeper-" + i));
      Thread thread = new Thread(() -> runner.run(shellIn(workdir, "sleep 5", null), handle));
      thread.start();
      sleepers.add(handle);
      threads.add(thread);
    }
    try {
      assertThat(allStarted.await(10, TimeUnit.SECONDS)).isTrue();

      long before = System.nanoTime();
      ProcessResult result = runner.run(shell("head -c 5000000 /dev/urandom | base64", null), new ProcessRunner.Handle());
      Duration took = Duration.ofNanos(System.nanoTime() - before);

      System.out.println("5 MB of output with 6 other jobs running took " + took.toMillis() + " ms");
      assertThat(took).as("hang guard").isLessThan(Duration.ofSeconds(5));
      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
      String log = Files.readString(dir.resolve("logs/out.log"));
      assertThat(log).contains(" bytes of output left out]");
      assertThat(log.length()).isBetween(1024 * 1024, 1024 * 1024 + 100);
    } finally {
      sleepers.forEach(ProcessRunner.Handle::stop);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }
  }

  @Test
  void escapedChildHoldingTheOutputDoesNotHoldTheRun() throws Exception {
    Set<Long> readingBefore = threadsReadingAPipe();
    long before = System.nanoTime();
    try {
      // The pause lets a reader block in read() before the output comes, which is what used to hang.
      ProcessResult result = runner.run(shell("setsid sleep 30 & echo $! > pid-escaped; sleep 0.5; echo hi", null),
          new ProcessRunner.Handle());

      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
      assertThat(result.tail()).isEqualTo("hi");
      assertThat(ProcFs.running(pids("pid-escaped").get(0))).as("the escaped child lives on").isTrue();
      // A thread held by the escaped child's pipe would stay blocked for its 30 s; one that only passes through a
      // process start or a read of its own (the JVM's, another test's) leaves at once.
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
          assertThat(threadsReadingAPipe()).as("threads blocked reading a pipe").isSubsetOf(readingBefore));
    } finally {
      ProcessHandle.of(pids("pid-escaped").get(0)).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void stopEndsATreeThatIgnoresTermWithKill() throws Exception {
    ProcessRunner.Handle handle = new ProcessRunner.Handle();
    AtomicReference<Long> stoppedAt = new AtomicReference<>();
    Thread stopper = new Thread(() -> {
      awaitFiles(dir, "pid-main", "pid-a", "pid-b");
      stoppedAt.set(System.nanoTime());
      handle.stop();
    });
    stopper.start();

    ProcessResult result = runner.run(shell(IGNORES_TERM, null), handle);
    Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt.get());

    stopper.join();
    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.CANCELLED);
    assertThat(result.detail()).isEqualTo("cancelled; its process tree was stopped");
    assertThat(took).as("TERM was ignored, so KILL after the grace").isBetween(KILL_GRACE.minusMillis(100),
        KILL_GRACE.plusSeconds(1));
    assertThat(pids("pid-main", "pid-a", "pid-b"))
        .allSatisfy(pid -> assertThat(ProcFs.running(pid)).as("process %d running", pid).isFalse());
  }

  @Test
  void stopsOfSeveralRunsHappenInParallel() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try {
      List<ProcessRunner.Handle> handles = new ArrayList<>();
      List<Future<ProcessResult>> results = new ArrayList<>();
      List<Path> workdirs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ProcessRunner.Handle handle = new ProcessRunner.Handle();
        Path workdir = Files.createDirectory(dir.resolve("run-" + i));
        handles.add(handle);
        workdirs.add(workdir);
        results.add(threads.submit(() -> runner.run(shellIn(workdir, IGNORES_TERM, null), handle)));
      }
      workdirs.forEach(workdir -> awaitFiles(workdir, "pid-main", "pid-a", "pid-b"));

      long before = System.nanoTime();
      handles.forEach(ProcessRunner.Handle::stop);
      for (Future<ProcessResult> result : results) {
        assertThat(result.get(KILL_GRACE.toSeconds() + 10, TimeUnit.SECONDS).outcome())
            .isEqualTo(ProcessResult.Outcome.CANCELLED);
      }

      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(KILL_GRACE.plusSeconds(2));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void stopBeforeTheStartStartsNothing() throws Exception {
    ProcessRunner.Handle handle = new ProcessRunner.Handle(group -> {
      throw new AssertionError("started pgid=" + group.pgid());
    });
    handle.stop();

    ProcessResult result = runner.run(shell("touch ran", null), handle);

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.CANCELLED);
    assertThat(dir.resolve("ran")).doesNotExist();
  }

  @Test
  void stopAfterTheProcessEndedKeepsItsOutcome() {
    ProcessRunner.Handle handle = new ProcessRunner.Handle();

    ProcessResult result = runner.run(shell("exit 3", null), handle);
    handle.stop();

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.FAILED);
    assertThat(handle.stopRequested()).isTrue();
  }

  private List<Long> pids(String... files) throws Exception {
    List<Long> pids = new ArrayList<>();
    for (String name : files) {
      pids.add(Long.parseLong(Files.readString(dir.resolve(name)).trim()));
    }
    return pids;
  }

  private static void awaitFiles(Path workdir, String... names) {
    await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(names)
        .allMatch(name -> Files.exists(workdir.resolve(name)) && workdir.resolve(name).toFile().length() > 0));
  }

  /** Ids of threads with a frame reading a pipe: the JDK's process streams or a FileInputStream read. */
  private static Set<Long> threadsReadingAPipe() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(frame ->
            frame.getClassName().startsWith("java.lang.ProcessImpl")
                || frame.getClassName().equals("java.io.FileInputStream") && frame.getMethodName().startsWith("read")))
        .map(entry -> entry.getKey().getId())
        .collect(Collectors.toSet());
  }
}
