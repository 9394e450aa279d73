package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.bus.Declarations;
import io.wayfarer.shared.bus.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README's table of what the browser may receive is the declarations' own list, and the bridge
 * permits exactly that.
 */
class DeclarationsTest {
  static List<String> readmeAddresses() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int at = readme.indexOf("What the browser may receive");
    assertTrue(at > 0, "README has the table of what the browser may receive");
    List<String> addresses = new ArrayList<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `([^`]+)` \\|")
            .matcher(readme.substring(at, readme.indexOf("\n\n", readme.indexOf("|---|", at))));
    while (row.find()) {
      addresses.add(row.group(1));
    }
    return addresses;
  }

  @Test
  void readmeListsExactlyTheBridgedTopics() throws Exception {
    Set<String> declared =
        Declarations.bridged().values().stream()
            .map(Topic::template)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declared, new TreeSet<>(readmeAddresses()));
  }

  @Test
  void theBridgePermitsEveryoneExactlyTheirTopics() {
    Pattern everyone = Declarations.everyone();
    Pattern signedIn = Declarations.signedIn();
    for (Topic<?> t : Declarations.TOPICS) {
      String example =
          t.keyPattern() == null
              ? t.address()
              : t.address(t.keyPattern().startsWith("[0-9]") ? "42" : "redhaven");
      assertEquals(
          t.audience() == Topic.Audience.EVERYONE, everyone.matcher(example).matches(), example);
      assertEquals(
          t.audience() == Topic.Audience.SIGNED_IN, signedIn.matcher(example).matches(), example);
    }
    for (String other :
        List.of(
            "clock.now",
            "market.buy",
            "admin.clock.advance",
            "player.42.inbox",
            "world.clock.x",
            "market.a.b.prices",
            "xworld.clock",
            "town..npcs")) {
      assertFalse(everyone.matcher(other).matches(), other);
      assertFalse(signedIn.matcher(other).matches(), other);
    }
  }
}
