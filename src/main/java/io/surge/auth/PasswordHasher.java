package io.surge.auth;

import io.surge.http.ApiException;
import io.surge.http.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id password hashing with OWASP's parameters (m=19 MiB, t=2, p=1), stored in PHC string
 * form so parameters can be raised later without breaking old hashes. Hashing is deliberately slow,
 * so it only ever runs on a dedicated worker pool, never on an event loop.
 *
 * <p>The pool's queue is bounded: at most {@code maxQueued} jobs wait or run, and a job beyond that fails at once
 * with 503 and Retry-After instead of waiting seconds. New passwords (registration, password change) may fill only
 * half of it, so a burst of registrations cannot make a login wait or fail.
 */
public final class PasswordHasher {

  /** The problem code when the pool is full. */
  public static final String BUSY = "password_check_busy";
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Jobs waiting or running, per process (the pool is shared by name across verticle instances). */
  private static final AtomicInteger QUEUED = new AtomicInteger();

  private final WorkerExecutor workers;
  private final int maxQueued;

  public PasswordHasher(Vertx vertx, int threads, int maxQueued) {
    this.workers = vertx.createSharedWorkerExecutor("surge-password-hashing", Math.max(1, threads));
    this.maxQueued = Math.max(2, maxQueued);
    workers.executeBlocking(() -> {
      PasswordPolicy.warm();
      return null;
    }, false);
  }

  /** Hashes a new password once it passes the {@link PasswordPolicy} (checked on the same worker, off the loop). */
  public Future<String> hashAcceptable(String field, String password, String email, String displayName) {
    return run(maxQueued / 2, () -> {
      Optional<FieldError> weak = PasswordPolicy.check(field, password, email, displayName);
      if (weak.isPresent()) {
        throw ApiException.invalid(List.of(weak.get()));
      }
      return hashNow(password);
    });
  }

  public Future<String> hash(String password) {
    return run(maxQueued / 2, () -> hashNow(password));
  }

  /** Checks the password against the stored hash, or against a decoy when there is none. */
  public Future<Boolean> verify(String password, String storedHash) {
    return run(maxQueued,
      () -> verifyNow(password, storedHash == null ? Decoy.HASH : storedHash) && storedHash != null);
  }

  private <T> Future<T> run(int limit, Callable<T> job) {
    if (QUEUED.incrementAndGet() > limit) {
      QUEUED.decrementAndGet();
      return Future.failedFuture(new ApiException(503, BUSY, "Service unavailable",
        "Too many password checks at once; nothing was changed. Retry in a moment.", null,
        Map.of("Retry-After", "1")));
    }
    return workers.executeBlocking(job, false).andThen(done -> QUEUED.decrementAndGet());
  }

  static String hashNow(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
      + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  static boolean verifyNow(String password, String phc) {
    String[] parts = phc.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !"argon2id".equals(parts[1])) {
      return false;
    }
    int memory = 0;
    int iterations = 0;
    int parallelism = 0;
    for (String param : parts[3].split(",")) {
      int value = Integer.parseInt(param.substring(2));
      switch (param.charAt(0)) {
        case 'm' -> memory = value;
        case 't' -> iterations = value;
        case 'p' -> parallelism = value;
        default -> {
          return false;
        }
      }
    }
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, B64D.decode(parts[4]), memory, iterations, parallelism, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
    int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKib)
      .withIterations(iterations)
      .withParallelism(parallelism)
      .withSalt(salt)
      .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  /** Verified against when the account does not exist, so login time does not reveal that. Built lazily on a worker. */
  private static final class Decoy {
    static final String HASH = hashNow("decoy-password-for-unknown-accounts");
  }
}
