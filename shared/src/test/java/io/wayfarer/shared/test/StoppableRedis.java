package io.wayfarer.shared.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A Redis of a test's own, on a fixed port, that the test can stop and start again to play an
 * outage.
 */
public final class StoppableRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private RedisServer server;

  public StoppableRedis(Path dir) {
    this.port = TestInfra.freePort();
    this.dir = dir;
    start();
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public synchronized void start() {
    try {
      Files.createDirectories(dir);
      server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("dir " + dir)
              .setting("appendonly no")
              .build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null && server.isActive()) {
      stop();
    }
  }
}
