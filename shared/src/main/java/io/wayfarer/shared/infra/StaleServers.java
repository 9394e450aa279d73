package io.wayfarer.shared.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops an embedded server that a killed run left behind. PostgreSQL records its pid in
 * the first line of {@code postmaster.pid}; Redis in the pid file we configure. We stop a process
 * only if it is alive and its command line names the expected program, so a reused pid never kills
 * a stranger.
 */
final class StaleServers {
  private static final Logger LOG = LoggerFactory.getLogger(StaleServers.class);
  private static final Duration GRACE = Duration.ofSeconds(20);

  private StaleServers() {}

  static void stopIfRunning(String what, Path pidFile, String programName) {
    Optional<ProcessHandle> process =
        running(pidFile).filter(p -> commandLine(p).contains(programName));
    if (process.isEmpty()) {
      return;
    }
    ProcessHandle p = process.get();
    LOG.warn(
        "Stopping {} (pid {}) left running by an earlier run on {}",
        what,
        p.pid(),
        pidFile.getParent());
    // SIGTERM: PostgreSQL's smart shutdown (its clients died with the old JVM), Redis saves and
    // exits.
    p.destroy();
    if (!waitForExit(p, GRACE)) {
      LOG.warn("{} (pid {}) did not stop in {} s; killing it", what, p.pid(), GRACE.toSeconds());
      p.destroyForcibly();
      waitForExit(p, GRACE);
    }
    for (ProcessHandle child : List.copyOf(p.descendants().toList())) {
      child.destroyForcibly();
    }
  }

  /**
   * The live process whose pid a server wrote first in its pid file (PostgreSQL's postmaster,
   * Redis), if any.
   */
  static Optional<ProcessHandle> running(Path pidFile) {
    return readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
  }

  private static boolean waitForExit(ProcessHandle p, Duration timeout) {
    try {
      p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return !p.isAlive();
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String commandLine(ProcessHandle p) {
    ProcessHandle.Info info = p.info();
    return info.commandLine().or(info::command).orElse("");
  }
}
