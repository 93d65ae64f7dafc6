package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCaptureTest {

  @TempDir Path dir;

  @Test
  void keepsHeadAndTailWhateverSizeTheOutputArrivesIn() throws Exception {
    byte[] output = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
    for (int chunk : new int[] {1, 2, 3, 7, 20}) {
      Path log = dir.resolve("chunks-" + chunk + ".log");
      try (OutputCapture capture = OutputCapture.create(log, 8)) {
        for (int offset = 0; offset < output.length; offset += chunk) {
          capture.write(output, offset, Math.min(chunk, output.length - offset));
        }
      }

      assertThat(Files.readString(log)).as("chunks of %d", chunk)
          .isEqualTo("0123\n[cronbeat: 12 bytes of output left out]\nghij");
    }
  }

  @Test
  void outputThatFitsIsKeptWhole() throws Exception {
    Path log = dir.resolve("small.log");
    try (OutputCapture capture = OutputCapture.create(log, 8)) {
      capture.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
      capture.write("defgh".getBytes(StandardCharsets.UTF_8), 0, 5);
    }

    assertThat(Files.readString(log)).isEqualTo("abcdefgh");
  }

  @Test
  void anOldLogOfTheSameNameIsEmptiedFirst() throws Exception {
    Path log = dir.resolve("again.log");
    Files.writeString(log, "output of an earlier attempt, longer than this one's");

    try (OutputCapture capture = OutputCapture.create(log, 64)) {
      assertThat(capture.empty()).isTrue();
      capture.write("new".getBytes(StandardCharsets.UTF_8), 0, 3);
      assertThat(capture.empty()).isFalse();
    }

    assertThat(Files.readString(log)).isEqualTo("new");
  }

  @Test
  void noOutputLeavesAnEmptyLog() throws Exception {
    Path log = dir.resolve("quiet/none.log");

    try (OutputCapture capture = OutputCapture.create(log, 64)) {
      assertThat(capture.empty()).isTrue();
    }

    assertThat(Files.readString(log)).isEmpty();
  }
}
