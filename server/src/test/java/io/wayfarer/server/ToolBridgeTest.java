package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.gateway.ToolBridge;
import io.wayfarer.shared.bus.Declarations;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bus for tools in any language: the TCP event-bus bridge, spoken by the Python admin tool
 * (tools/wayfarer-admin.py) and by hand. The admin token raises events and works the clock (each
 * recorded in the admin audit); the reader token only listens to public addresses and reads; no
 * token, another address, a publish or a private address gets nothing.
 */
@ExtendWith(VertxExtension.class)
class ToolBridgeTest {
  static final String READ = "reader-token-for-the-tool-bridge-test";
  static final String ADMIN = "admin-token-for-the-tool-bridge-test";

  Wayfarer server;
  int toolPort;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() {
    toolPort = TestInfra.freePort();
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put(
                        "toolBridge",
                        new JsonObject()
                            .put("enabled", true)
                            .put("port", toolPort)
                            .put("readToken", READ)
                            .put("adminToken", ADMIN))),
            "clock",
            "events",
            "gateway");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ProcessBuilder tool(String token, String... args) {
    List<String> command = new ArrayList<>();
    command.add("python3");
    command.add(TestInfra.root().resolve("tools/wayfarer-admin.py").toString());
    command.add("--port");
    command.add(String.valueOf(toolPort));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("WAYFARER_TOOL_TOKEN", token);
    return pb;
  }

  private Run run(String token, String... args) throws Exception {
    Process p = tool(token, args).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the tool finished");
    return new Run(p.exitValue(), out, err);
  }

  private int activeEvents() {
    JsonObject list =
        EventsContract.LIST.request(server.vertx(), Empty.INSTANCE, 10_000).await().json();
    return list.getJsonArray("active").size();
  }

  @Test
  void theAdminTokenRaisesAnEventThatAFollowerHearsAndTheAuditKeeps() throws Exception {
    Process follower = tool(READ, "follow", "world.events", "--count", "1").start();
    follower.getOutputStream().close();
    BufferedReader followerErr =
        new BufferedReader(
            new InputStreamReader(follower.getErrorStream(), StandardCharsets.UTF_8));
    // The follower says so once its register has been taken (a ping answered after it).
    String said = followerErr.readLine();
    assertTrue(said != null && said.startsWith("listening to world.events"), String.valueOf(said));

    Run raised =
        run(
            ADMIN,
            "raise",
            "festival",
            "redhaven",
            "--hours",
            "6",
            "--text",
            "Lanterns on the river");
    assertEquals(0, raised.exit(), raised.err());
    JsonObject event = new JsonObject(raised.out());
    assertEquals("festival", event.getString("type"));

    String heard = new String(follower.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(follower.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, follower.exitValue());
    JsonObject line = new JsonObject(heard.strip());
    assertEquals("world.events", line.getString("address"));
    assertEquals(event.getLong("id"), line.getJsonObject("body").getLong("id"));

    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      var rows =
          pool.preparedQuery("SELECT details FROM admin_audit WHERE admin = $1 AND action = $2")
              .execute(Tuple.of("admin tool", EventsContract.RAISE.address()))
              .await();
      assertEquals(1, rows.size(), "the raise is in the admin audit");
      String details = String.valueOf(rows.iterator().next().getValue("details"));
      assertTrue(details.contains("Lanterns on the river"), details);
      assertTrue(
          details.contains("\"raisedBy\":\"admin tool\""), "the bridge names who: " + details);
      assertTrue(!details.contains(ADMIN), "the token is never recorded");
    } finally {
      pool.close().await();
    }

    Run paused = run(ADMIN, "clock", "pause");
    assertEquals(0, paused.exit(), paused.err());
    assertEquals(true, new JsonObject(paused.out()).getBoolean("paused"));
    Run time = run(READ, "time");
    assertEquals(true, new JsonObject(time.out()).getBoolean("paused"));
    assertEquals(0, run(ADMIN, "clock", "resume").exit());
  }

  @Test
  void theReaderTokenListensAndReadsButChangesNothing() throws Exception {
    int before = activeEvents();
    Run refused = run(READ, "raise", "festival", "redhaven");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("needs the admin token"), refused.err());
    Run pause = run(READ, "clock", "pause");
    assertEquals(1, pause.exit());
    assertTrue(pause.err().contains("needs the admin token"), pause.err());
    assertEquals(false, new JsonObject(run(READ, "time").out()).getBoolean("paused"));
    assertEquals(before, activeEvents(), "no event was raised");
    Run events = run(READ, "events");
    assertEquals(0, events.exit(), events.err());
    assertTrue(new JsonObject(events.out()).containsKey("active"));
  }

  @Test
  void withoutATokenNothingIsHeardOrAsked() throws Exception {
    Run time = run("", "time");
    assertEquals(1, time.exit());
    assertTrue(time.err().contains("clock.now needs a token"), time.err());
    Run follow =
        run("not-a-token-anyone-was-given-at-all", "follow", "world.clock", "--count", "1");
    assertEquals(1, follow.exit());
    assertTrue(follow.err().contains("a token is needed to listen"), follow.err());
    Run raise = run("not-a-token-anyone-was-given-at-all", "raise", "festival", "redhaven");
    assertEquals(1, raise.exit());
  }

  @Test
  void aBadRequestIsRefusedInTheOwnersWords() throws Exception {
    Run raise = run(ADMIN, "raise", "no_such_event", "redhaven");
    assertEquals(1, raise.exit());
    assertTrue(raise.err().contains("400: type must be one of"), raise.err());
    Run scale = run(ADMIN, "clock", "scale", "-5");
    assertEquals(1, scale.exit());
    assertTrue(scale.err().contains("secondsPerGameHour"), scale.err());
  }

  @Test
  void onlyPublicAddressesAndDeclaredCommandsPassEvenWithTheAdminToken(Vertx vertx) {
    NetClient client = vertx.createNetClient();
    NetSocket socket = client.connect(toolPort, "127.0.0.1").await();
    List<JsonObject> frames = new ArrayList<>();
    Promise<Void> ponged = Promise.promise();
    // Frames: a 4-byte length, then that many bytes of JSON.
    RecordParser parser = RecordParser.newFixed(4);
    int[] length = {-1};
    parser.handler(
        data -> {
          if (length[0] < 0) {
            length[0] = data.getInt(0);
            parser.fixedSizeMode(length[0]);
            return;
          }
          JsonObject frame = new JsonObject(data);
          frames.add(frame);
          length[0] = -1;
          parser.fixedSizeMode(4);
          if ("pong".equals(frame.getString("type"))) {
            ponged.tryComplete();
          }
        });
    socket.handler(parser);
    JsonObject token = new JsonObject().put("token", ADMIN);
    write(
        socket,
        new JsonObject()
            .put("type", "register")
            .put("address", "player.1.inbox")
            .put("headers", token));
    write(
        socket,
        new JsonObject()
            .put("type", "send")
            .put("address", "admin.players.ban")
            .put("headers", token)
            .put("body", new JsonObject().put("username", "someone"))
            .put("replyAddress", "r1"));
    write(
        socket,
        new JsonObject()
            .put("type", "publish")
            .put("address", "world.events")
            .put("headers", token)
            .put("body", new JsonObject().put("type", "festival")));
    write(socket, new JsonObject().put("type", "ping"));
    ponged.future().await();
    JsonArray errs = new JsonArray();
    frames.stream().filter(f -> "err".equals(f.getString("type"))).forEach(errs::add);
    String all = errs.encode();
    assertTrue(all.contains("access_denied"), all);
    assertTrue(all.contains("tools may not send to admin.players.ban"), all);
    assertTrue(all.contains("tools do not publish"), all);
    assertTrue(
        frames.stream().noneMatch(f -> "message".equals(f.getString("type"))),
        "nothing was answered or heard: " + frames);
    socket.close().await();
    client.close().await();
  }

  @Test
  void readmeListsEveryCommandAToolMaySend() throws IOException {
    String readme = Files.readString(TestInfra.root().resolve("README.md"));
    for (String permit : ToolBridge.permittedAddresses()) {
      assertTrue(readme.contains("`" + permit + "`"), "README names " + permit);
    }
    assertTrue(Declarations.everyone().matcher("world.events").matches());
  }

  private static void write(NetSocket socket, JsonObject frame) {
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json));
  }
}
