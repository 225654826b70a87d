package dev.cabledger.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code cab.*}.
 *
 * @param dataDir where the embedded database and generated keys live
 * @param dbUrl JDBC URL of the database; empty means the SQLite file in the data directory
 * @param dbUser database user, for URLs that do not carry one
 * @param dbPassword database password
 * @param keysDir where the log and service keys live; defaults to {@code <dataDir>/keys}
 * @param origin the log's C2SP origin line, fixed at the first start
 * @param maxBatch the most entries committed in one transaction and covered by one checkpoint
 * @param maxBatchDelay how long the first entry of a batch may wait for others (see BatchPolicy)
 * @param dbPoolSize connections in the pool
 * @param dbTimeout how long the service waits for the database: for a pooled connection, and for
 *     the append lock (SQLite's write lock, PostgreSQL's advisory lock); a batch that cannot get
 *     the lock in time is rolled back and its callers are told nothing was recorded
 * @param appendTimeout how long a caller waits for its receipt; after that it is told the outcome
 *     is unknown (the entry may still be appended), never that nothing was recorded
 * @param demo whether to seed a new log with sample events
 * @param maxRequestBody the largest request body any endpoint accepts (413 beyond it)
 */
@ConfigurationProperties("cab")
public record CabProperties(
    @DefaultValue("./data") Path dataDir,
    Optional<String> dbUrl,
    Optional<String> dbUser,
    Optional<String> dbPassword,
    Optional<Path> keysDir,
    Optional<String> origin,
    @DefaultValue("512") int maxBatch,
    @DefaultValue("5ms") Duration maxBatchDelay,
    @DefaultValue("10") int dbPoolSize,
    @DefaultValue("30s") Duration dbTimeout,
    @DefaultValue("60s") Duration appendTimeout,
    @DefaultValue("false") boolean demo,
    @DefaultValue("1MB") DataSize maxRequestBody) {

  public CabProperties {
    if (dbPoolSize < 2 || dbPoolSize > 200) {
      throw new IllegalArgumentException("cab.db-pool-size must be 2..200, was " + dbPoolSize);
    }
    if (dbTimeout.toMillis() < 250 || dbTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("cab.db-timeout must be 250ms..10m, was " + dbTimeout);
    }
    if (appendTimeout.toMillis() < 250 || appendTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "cab.append-timeout must be 250ms..10m, was " + appendTimeout);
    }
    if (maxRequestBody.toBytes() < 1024 || maxRequestBody.toBytes() > 1L << 30) {
      throw new IllegalArgumentException(
          "cab.max-request-body must be 1KB..1GB, was " + maxRequestBody);
    }
  }

  /** The directory of the log and service keys. */
  public Path resolvedKeysDir() {
    return keysDir.orElse(dataDir.resolve("keys"));
  }
}
