package io.wayfarer.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wayfarer.shared.infra.EmbeddedServers;
import io.wayfarer.shared.test.TestInfra;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * Fixed ports for the embedded servers (data.pgPort, data.redisPort), so a database tool keeps one
 * saved connection: they listen where they are told, and PostgreSQL answers a plain JDBC client
 * there as user postgres without a password.
 */
class EmbeddedPortsTest {
  @Test
  void theEmbeddedServersListenOnTheirConfiguredPorts() throws Exception {
    int[] ports = TestInfra.freePorts(2);
    int pg = ports[0];
    int redis = ports[1];
    Path dir = Files.createTempDirectory("wayfarer-ports");
    try (EmbeddedServers servers = EmbeddedServers.start(dir, false, pg, redis)) {
      assertEquals(pg, URI.create(servers.endpoints().pgUri()).getPort());
      assertEquals(redis, URI.create(servers.endpoints().redisUri()).getPort());
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + pg + "/" + EmbeddedServers.DATABASE,
                  "postgres",
                  "");
          ResultSet r = c.createStatement().executeQuery("SELECT 1")) {
        r.next();
        assertEquals(1, r.getInt(1));
      }
    }
  }
}
