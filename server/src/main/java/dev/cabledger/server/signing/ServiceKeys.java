package dev.cabledger.server.signing;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own ML-DSA-65 keys: the log key signs checkpoints, the service key signs every
 * entry's statement. Read from PEM files in the keys directory; generated there at first start.
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
  private final MlDsaSigner serviceSigner;

  private ServiceKeys(KeyPair logKey, KeyPair serviceKey) {
    this.logKey = logKey;
    this.serviceKey = serviceKey;
    this.serviceSigner = new MlDsaSigner(keyId(serviceKey.getPublic()), serviceKey.getPrivate());
  }

  /** Keys held in memory only (benchmarks, tests of the formats). */
  public static ServiceKeys ephemeral() {
    return new ServiceKeys(MlDsa65.generate(), MlDsa65.generate());
  }

  /** Reads the keys from {@code dir}, generating any pair that does not exist yet. */
  public static ServiceKeys loadOrGenerate(Path dir) {
    return new ServiceKeys(loadOrGenerate(dir, Role.LOG), loadOrGenerate(dir, Role.SERVICE));
  }

  private static KeyPair loadOrGenerate(Path dir, Role role) {
    Path priv = role.privateFile(dir);
    Path pub = role.publicFile(dir);
    boolean hasPriv = Files.exists(priv);
    boolean hasPub = Files.exists(pub);
    if (hasPriv && hasPub) {
      return new KeyPair(KeyFiles.readPublicKey(pub), KeyFiles.readPrivateKey(priv));
    }
    if (hasPriv || hasPub) {
      throw new IllegalStateException(
          "the "
              + role.name().toLowerCase(java.util.Locale.ROOT)
              + " key is incomplete: "
              + (hasPriv ? pub : priv)
              + " is missing; restore it from backup (a new key would not match the log)");
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
}
