package io.surge.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds and stops a server process (postgres, redis-server) that an earlier JVM, killed with SIGKILL, left
 * running on a data directory, so a dev restart after a crash works. Linux only (reads {@code /proc}); elsewhere
 * it finds nothing and leaves pid files alone.
 */
final class Orphans {

  private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);

  private Orphans() {
  }

  /** Whether stale pid files can be judged here at all. */
  static boolean supported() {
    return Files.isDirectory(Path.of("/proc/self"));
  }

  /** Reads the PID on the first line of {@code pidFile}; empty if missing or unreadable. */
  static Optional<Long> readPid(Path pidFile) {
    try {
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
      return Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The live process {@code pid} if its working directory is {@code dir} (both servers chdir into it). */
  static Optional<ProcessHandle> runningIn(long pid, Path dir) {
    return ProcessHandle.of(pid).filter(p -> {
      try {
        return Files.isSameFile(Path.of("/proc", Long.toString(pid), "cwd"), dir);
      } catch (IOException | SecurityException e) {
        return false;
      }
    });
  }

  /** SIGTERM (postgres: smart shutdown, redis: AOF flush), then SIGKILL if it is still there after 15 s. */
  static void stop(ProcessHandle p, String what, Path dir) throws IOException {
    LOG.warn("Stopping {} (pid {}) left running on {} by an earlier run", what, p.pid(), dir);
    p.destroy();
    try {
      p.onExit().get(15, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      p.destroyForcibly();
      p.onExit().join();
    } catch (Exception e) {
      throw new IOException("Could not stop " + what + " pid " + p.pid(), e);
    }
  }
}
