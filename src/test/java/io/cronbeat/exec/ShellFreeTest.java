package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellFreeTest {

  private static List<String> sh(String script) {
    return List.of("/bin/sh", "-c", script);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "exit 3", "cd /tmp", "echo -e x", "export A", ". ./env.sh", "source x", "exec x",
      "set -e", "if", "for", "while", "printf x", "kill 1", "pwd",
      "tar -czf /b/x.tgz /data > /dev/null", "a | b", "a; b", "a && b", "a &", "echo $HOME", "echo `id`", "echo $(id)",
      "echo 'quoted'", "echo \"quoted\"", "echo a\\ b", "ls *.log", "ls ?.log", "ls [ab]", "ls ~", "ls # comment",
      "A=1 env", "run --opt=1", "(sub)", "{ a; }", "! false", "a\nb", "   "})
  void keepsTheShellWhereItMeansSomething(String script) {
    assertThat(ShellFree.argv(sh(script))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/usr/bin/env", "backup.sh", "pg_dump mydb", "./run.sh --full -v", "rsync -a /data/ backup:/data/",
      "curl -fsS https://example.com/ping"})
  void runsPlainWordsWithoutTheShell(String script) {
    assertThat(ShellFree.argv(sh(script))).contains(List.of(script.split(" ")));
  }

  @Test
  void splitsOnRunsOfBlanksAndLeavesListCommandsAlone() {
    assertThat(ShellFree.argv(sh("  /bin/echo \t a   b  "))).contains(List.of("/bin/echo", "a", "b"));
    assertThat(ShellFree.argv(List.of("/bin/echo", "a"))).isEmpty();
    assertThat(ShellFree.argv(List.of("/bin/bash", "-c", "echo a"))).isEmpty();
  }
}
