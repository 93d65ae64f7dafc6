package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchMechanismTest {

  @Test
  void vforkOnLinuxWhereTheJdkStillSupportsItQuietly() {
    assertThat(LaunchMechanism.choice(null, "Linux", 17)).isEqualTo("VFORK");
    assertThat(LaunchMechanism.choice(null, "Linux", 21)).isEqualTo("VFORK");
    assertThat(LaunchMechanism.choice(null, "Linux", 24)).isEqualTo("VFORK");
  }

  @Test
  void leavesTheJdkDefaultFromTheReleaseThatDeprecatesVforkAndElsewhere() {
    assertThat(LaunchMechanism.choice(null, "Linux", 25)).isNull();
    assertThat(LaunchMechanism.choice(null, "Linux", 26)).isNull();
    assertThat(LaunchMechanism.choice(null, "Mac OS X", 17)).isNull();
  }

  @Test
  void anExplicitChoiceWins() {
    assertThat(LaunchMechanism.choice("POSIX_SPAWN", "Linux", 17)).isNull();
  }
}
