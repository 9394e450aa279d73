package io.wayfarer.shared.infra;

import io.wayfarer.shared.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code <data.dir>/wayfarer.lock}, held for the life of the process that owns
 * the embedded servers. Holding it proves that any PostgreSQL or Redis still running on this data
 * directory was left by a dead process and may be stopped; failing to get it means a live server
 * owns the directory. The kernel drops the lock when the process dies, even on {@code kill -9}.
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve("wayfarer.lock");
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new ConfigException(
            "data directory "
                + dataDir.toAbsolutePath()
                + " is in use by another Wayfarer process"
                + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                + "; stop it or set data.dir to another directory");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot lock data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
