package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The simulation's command line: what it takes, and plain words for what it refuses. */
class SimulationOptionsTest {
  @Test
  void readsDaysSeedPlayersAndReport() {
    String[] args = {"--simulate", "30d", "--seed", "5", "--players", "10", "--report", "out"};
    assertTrue(SimulationOptions.asked(args));
    assertEquals(
        new SimulationOptions(30, 5, 10, Path.of("out"), null), SimulationOptions.parse(args));
    assertEquals(
        new SimulationOptions(3, 1, 50, Path.of("simulation-seed-1"), "my.json"),
        SimulationOptions.parse(new String[] {"--simulate=3", "-conf", "my.json"}));
    assertFalse(SimulationOptions.asked(new String[] {"--only", "clock"}));
  }

  @Test
  void aReplayTakesAMinuteAndAHolder() {
    String[] args = {"--replay-to", "654995820", "--seed", "3", "--holder", "player:12"};
    assertTrue(ReplayOptions.asked(args));
    assertEquals(
        new ReplayOptions(654995820, 3, null, "player:12", null, null), ReplayOptions.parse(args));
    for (String[] bad :
        new String[][] {
          {"--replay-to"},
          {"--replay-to", "noon"},
          {"--replay-to", "-5"},
          {"--replay-to", "10", "--holder", "player 12; DROP"},
          {"--replay-to", "10", "--cluster", "x"}
        }) {
      assertThrows(IllegalArgumentException.class, () -> ReplayOptions.parse(bad));
    }
  }

  @Test
  void refusesWhatItCannotRun() {
    for (String[] bad :
        new String[][] {
          {"--simulate"},
          {"--simulate", "thirty"},
          {"--simulate", "0d"},
          {"--simulate", "366d"},
          {"--simulate", "3d", "--players", "-1"},
          {"--simulate", "3d", "--players", "5001"},
          {"--simulate", "3d", "--seed", "x"},
          {"--simulate", "3d", "--cluster"},
          {"--seed", "3"}
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SimulationOptions.parse(bad));
      assertFalse(e.getMessage().isBlank());
    }
  }
}
