package io.wayfarer.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A script in its sandbox: it acts only through {@code world}, everything else a script might reach
 * for is not there, and a call that loops, allocates without end or throws is stopped and said with
 * its file and line.
 */
class ScriptSandboxTest {
  static final Engine ENGINE =
      Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
  static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();
  static final ScriptSandbox.Limits LIMITS =
      new ScriptSandbox.Limits(200_000, 5_000, 256L * 1024 * 1024);

  @AfterAll
  static void close() {
    WATCHDOG.shutdownNow();
    ENGINE.close();
  }

  static ScriptSandbox sandbox(String source, ScriptSandbox.Limits limits) throws Exception {
    return new ScriptSandbox(
        ENGINE,
        "test.js",
        source,
        1247,
        limits,
        WATCHDOG,
        () -> new JsonObject().put("gameMinutes", 600).put("hour", 10));
  }

  @Test
  void aHandlerActsThroughTheWorldOnly() throws Exception {
    try (ScriptSandbox s =
        sandbox(
            """
            world.on('event', (e) => {
              world.noticeTown(e.town, 'A ' + e.type + ' at hour ' + world.time().hour);
              world.raiseEvent('market_day', e.town, 6, 'Stalls everywhere');
            });
            """,
            LIMITS)) {
      assertEquals(List.of("event"), s.listensTo());
      List<JsonObject> actions =
          s.call("event", new JsonObject().put("type", "festival").put("town", "redhaven"));
      assertEquals(2, actions.size(), actions.toString());
      assertEquals("noticeTown", actions.get(0).getString("action"));
      assertEquals("A festival at hour 10", actions.get(0).getString("text"));
      assertEquals("redhaven", actions.get(0).getString("town"));
      assertEquals("raiseEvent", actions.get(1).getString("action"));
      assertEquals(6, actions.get(1).getInteger("hours"));
      assertEquals(List.of(), s.call("phase", new JsonObject()), "nothing listens to phases");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Java.type('java.lang.System').exit(1)|Java is not defined",
        "Date.now()|Date is not defined",
        "Polyglot.eval('js', '1')|Polyglot is not defined",
        "require('fs')|require is not defined",
        "load('/etc/passwd')|load is not defined",
        "print('hello')|print is not defined",
        "world.on('tick', () => 1)|no such kind tick",
        "Object.defineProperty(globalThis, 'world', { value: 1 })|Cannot redefine"
      })
  void whatIsOutsideTheApiIsNotThere(String body, String says) throws Exception {
    try (ScriptSandbox s = sandbox("world.on('event', () => { " + body + " });", LIMITS)) {
      ScriptSandbox.Fault f =
          assertThrows(ScriptSandbox.Fault.class, () -> s.call("event", new JsonObject()));
      assertEquals("error", f.kind);
      assertEquals("test.js:1", f.where);
      assertTrue(f.getMessage().contains(says), f.getMessage());
    }
  }

  @Test
  void aLoopIsStoppedByTheStatementLimitAndTheScriptRunsAgainAfter() throws Exception {
    try (ScriptSandbox s =
        sandbox(
            """
            world.on('event', (e) => {
              if (e.loop) {
                while (true) {}
              }
              world.log('fine');
            });
            """,
            LIMITS)) {
      ScriptSandbox.Fault f =
          assertThrows(
              ScriptSandbox.Fault.class, () -> s.call("event", new JsonObject().put("loop", true)));
      assertEquals("statements", f.kind, f.getMessage());
      assertEquals(1, s.call("event", new JsonObject()).size(), "it runs again from its file");
    }
  }

  @Test
  void aLoopIsStoppedByTheTimeLimitToo() throws Exception {
    try (ScriptSandbox s =
        sandbox(
            "world.on('event', () => { while (true) {} });",
            new ScriptSandbox.Limits(Long.MAX_VALUE, 300, 1L << 40))) {
      ScriptSandbox.Fault f =
          assertThrows(ScriptSandbox.Fault.class, () -> s.call("event", new JsonObject()));
      assertEquals("time", f.kind, f.getMessage());
    }
  }

  @Test
  void aScriptThatEatsMemoryIsStopped() throws Exception {
    try (ScriptSandbox s =
        sandbox(
            """
            const hoard = [];
            world.on('event', () => {
              while (true) { hoard.push(new Array(10000).fill(hoard.length)); }
            });
            """,
            new ScriptSandbox.Limits(Long.MAX_VALUE, 60_000, 32L * 1024 * 1024))) {
      ScriptSandbox.Fault f =
          assertThrows(ScriptSandbox.Fault.class, () -> s.call("event", new JsonObject()));
      assertEquals("memory", f.kind, f.getMessage());
    }
  }

  @Test
  void aThrowSaysItsFileAndLine() throws Exception {
    try (ScriptSandbox s =
        sandbox(
            "world.on('season', (c) => {\n  const x = 1;\n  throw new Error('no ' + c.to);\n});",
            LIMITS)) {
      ScriptSandbox.Fault f =
          assertThrows(
              ScriptSandbox.Fault.class,
              () -> s.call("season", new JsonObject().put("to", "spring")));
      assertEquals("test.js:3", f.where);
      assertTrue(f.getMessage().contains("no spring"), f.getMessage());
    }
  }

  @Test
  void aScriptThatDoesNotParseDoesNotLoad() {
    ScriptSandbox.Fault f =
        assertThrows(ScriptSandbox.Fault.class, () -> sandbox("world.on('event', (", LIMITS));
    assertEquals("syntax", f.kind);
    assertTrue(f.where.startsWith("test.js"), f.where);
  }

  @Test
  void randomIsTheWorldsSeedsNotTheWallClocks() throws Exception {
    String source =
        "world.on('event', () => { world.log([Math.random(), world.random()].join(',')); });";
    try (ScriptSandbox a = sandbox(source, LIMITS);
        ScriptSandbox b = sandbox(source, LIMITS)) {
      for (int i = 0; i < 3; i++) {
        assertEquals(
            a.call("event", new JsonObject()).get(0).getString("text"),
            b.call("event", new JsonObject()).get(0).getString("text"));
      }
    }
  }
}
