package dev.cabledger.server.signing;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own ML-DSA-65 keys: the log key signs checkpoints, the service key signs every
 * entry's statement. Read from PEM files in the keys directory; generated there only while the log
 * is empty, or when an operator replaces them ({@code cab-ledger keys rotate}).
 */
public final class ServiceKeys {
  private static final Logger log = LoggerFactory.getLogger(ServiceKeys.class);

  /** What a key of the service is for. */
  public enum Role {
    /** Signs checkpoints. */
    LOG("log-key"),
    /** Signs statements. */
    SERVICE("service-key");

    private final String fileStem;

    Role(String fileStem) {
      this.fileStem = fileStem;
    }

    Path privateFile(Path dir) {
      return dir.resolve(fileStem + ".pem");
    }

    Path publicFile(Path dir) {
      return dir.resolve(fileStem + ".pub.pem");
    }
  }

  private final KeyPair logKey;
  private final KeyPair serviceKey;

  /** Volatile for the test seam below; the service never replaces it. */
  private volatile MlDsaSigner serviceSigner;

  private ServiceKeys(KeyPair logKey, KeyPair serviceKey) {
    this.logKey = logKey;
    this.serviceKey = serviceKey;
    this.serviceSigner = new MlDsaSigner(keyId(serviceKey.getPublic()), serviceKey.getPrivate());
  }

  /** Keys held in memory only (benchmarks, tests of the formats). */
  public static ServiceKeys ephemeral() {
    return new ServiceKeys(MlDsa65.generate(), MlDsa65.generate());
  }

  /**
   * Reads the keys from {@code dir}, generating any pair that does not exist yet. Only for a log
   * that is still empty: a log that holds entries needs its own keys back ({@link #load}).
   */
  public static ServiceKeys loadOrGenerate(Path dir) {
    return new ServiceKeys(loadOrGenerate(dir, Role.LOG), loadOrGenerate(dir, Role.SERVICE));
  }

  /**
   * Reads both key pairs from {@code dir}.
   *
   * @throws MissingKeyFilesException naming every missing file, if any is missing
   */
  public static ServiceKeys load(Path dir) {
    List<Path> missing = missingFiles(dir);
    if (!missing.isEmpty()) {
      throw new MissingKeyFilesException(missing);
    }
    return new ServiceKeys(read(dir, Role.LOG), read(dir, Role.SERVICE));
  }

  /** The key files of {@code dir} that do not exist, private before public, log key first. */
  public static List<Path> missingFiles(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (Role role : Role.values()) {
      for (Path file : List.of(role.privateFile(dir), role.publicFile(dir))) {
        if (!Files.exists(file)) {
          missing.add(file);
        }
      }
    }
    return missing;
  }

  /**
   * Generates a new log and service key pair in {@code dir}. Files of earlier keys are moved, never
   * deleted, to {@code dir/retired-<UTC time>/}, so a key restored later is not lost twice.
   */
  public static ServiceKeys replace(Path dir, Clock clock) {
    Path retired =
        dir.resolve(
            "retired-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(ZoneOffset.UTC)
                    .format(clock.instant()));
    try {
      for (Role role : Role.values()) {
        for (Path file : List.of(role.privateFile(dir), role.publicFile(dir))) {
          if (Files.exists(file)) {
            Files.createDirectories(retired);
            Files.move(file, retired.resolve(file.getFileName()));
            log.warn("Retired {} to {}", file, retired);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the old keys aside in " + dir, e);
    }
    return loadOrGenerate(dir);
  }

  private static KeyPair read(Path dir, Role role) {
    return new KeyPair(
        KeyFiles.readPublicKey(role.publicFile(dir)),
        KeyFiles.readPrivateKey(role.privateFile(dir)));
  }

  private static KeyPair loadOrGenerate(Path dir, Role role) {
    Path priv = role.privateFile(dir);
    Path pub = role.publicFile(dir);
    boolean hasPriv = Files.exists(priv);
    boolean hasPub = Files.exists(pub);
    if (hasPriv && hasPub) {
      return read(dir, role);
    }
    if (hasPriv || hasPub) {
      throw new MissingKeyFilesException(List.of(hasPriv ? pub : priv));
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the keys directory " + dir, e);
    }
    KeyPair pair = MlDsa65.generate();
    KeyFiles.writePrivateKey(priv, pair.getPrivate());
    KeyFiles.writePublicKey(pub, pair.getPublic());
    log.info("Generated the {} key {} in {}", role, keyId(pair.getPublic()), dir);
    return pair;
  }

  /** The registry id of a public key. */
  public static KeyId keyId(PublicKey key) {
    return KeyId.forMlDsa65(MlDsa65.spki(key));
  }

  /** The key pair that signs checkpoints. */
  public KeyPair logKey() {
    return logKey;
  }

  /** The public half of the key pair that signs statements. */
  public PublicKey servicePublicKey() {
    return serviceKey.getPublic();
  }

  /**
   * Test seam: signs statements with another signer from now on, as when the key's holder (an HSM)
   * starts failing or recovers.
   */
  void signWith(MlDsaSigner signer) {
    this.serviceSigner = signer;
  }

  /** Signs statements as the service. */
  public MlDsaSigner serviceSigner() {
    return serviceSigner;
  }

  /**
   * The DSSE envelope of a statement signed by the service key: what every log entry carries.
   *
   * @throws dev.cabledger.core.sign.SigningException if signing fails (callers fail closed)
   */
  public Envelope sign(Statement statement) {
    return Envelope.sign(
        Envelope.IN_TOTO_PAYLOAD_TYPE, statement.canonicalBytes(), List.of(serviceSigner));
  }

  /**
   * The DSSE envelope of a statement that others signed first (an approver with a key of their
   * own): their signatures, then the service key's over the same bytes.
   *
   * @throws dev.cabledger.core.sign.SigningException if signing fails (callers fail closed)
   */
  public Envelope sign(Statement statement, List<EnvelopeSignature> first) {
    Envelope service = sign(statement);
    List<EnvelopeSignature> all = new ArrayList<>(first);
    all.addAll(service.signatures());
    return new Envelope(service.payloadType(), service.payload(), all);
  }
}
