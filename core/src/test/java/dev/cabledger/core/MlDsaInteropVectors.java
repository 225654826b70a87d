package dev.cabledger.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;

/** The external ML-DSA-65 interop vectors, {@code /testdata/mldsa65-interop.json}. */
public final class MlDsaInteropVectors {
  private MlDsaInteropVectors() {}

  /** The whole vector file. */
  public static JsonNode load() {
    return CanonicalJson.parse(resource("/testdata/mldsa65-interop.json"));
  }

  /** The bytes of a classpath resource. */
  public static byte[] resource(String name) {
    try (InputStream in = MlDsaInteropVectors.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
