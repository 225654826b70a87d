package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.JSON;
import static dev.cabledger.core.bundle.TestBundles.ORIGIN;
import static dev.cabledger.core.bundle.TestBundles.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BundleWriterTest {

  @Test
  void write_headerFieldsComeBeforeEntries() {
    JsonNode json = JSON.readTree(log(2).bundle().write());

    assertThat(json.propertyNames())
        .containsExactly("format", "origin", "checkpoint", "keys", "from", "to", "entries");
    assertThat(json.get("format").asString()).isEqualTo(AuditBundle.FORMAT);
    assertThat(json.get("origin").asString()).isEqualTo(ORIGIN);
  }

  @Test
  void write_thenParse_roundTripsEveryPart() {
    TestBundles.Log log = log(4);
    TestBundles.Bundle bundle = log.bundle(1, 5, 6);

    JsonNode json = JSON.readTree(bundle.write());

    assertThat(json.get("checkpoint").asString()).isEqualTo(bundle.checkpoint);
    assertThat(KeyRing.fromJson(json.get("keys")).keys()).isEqualTo(bundle.keys);
    assertThat(json.get("from").asLong()).isEqualTo(1);
    assertThat(json.get("to").asLong()).isEqualTo(5);
    JsonNode entries = json.get("entries");
    assertThat(entries).hasSize(4);
    for (int i = 0; i < 4; i++) {
      TestBundles.Entry written = bundle.entries.get(i);
      JsonNode e = entries.get(i);
      assertThat(e.get("index").asLong()).isEqualTo(written.index());
      assertThat(Base64.getDecoder().decode(e.get("entry").asString()))
          .isEqualTo(log.entries.get(i + 1));
      List<String> proof = new ArrayList<>();
      e.get("inclusionProof").forEach(h -> proof.add(h.asString()));
      assertThat(proof)
          .isEqualTo(written.proof().orElseThrow().hashes().stream().map(Digest::base64).toList());
    }
  }

  @Test
  void write_entryWithoutProof_omitsTheProofField() {
    TestBundles.Bundle bundle = log(1).bundle();
    bundle.mapEntry(0, e -> e.withProof(Optional.empty()));

    JsonNode entry = JSON.readTree(bundle.write()).get("entries").get(0);

    assertThat(entry.propertyNames()).containsExactly("index", "entry");
  }

  @Test
  void write_keys_areTheRegistryJson() {
    TestBundles.Bundle bundle = log(1).bundle();

    JsonNode keys = JSON.readTree(bundle.write()).get("keys");

    assertThat(keys).hasSize(2);
    assertThat(RegisteredKey.fromJson(keys.get(0))).isEqualTo(TestBundles.serviceKey());
    assertThat(keys.get(1)).isEqualTo(TestBundles.logKey().toJson());
  }

  @Test
  void write_noEntries_isAVerifiableEmptyBundle() {
    TestBundles.Bundle bundle = log(2).bundle(4, 4, 4);

    assertThat(JSON.readTree(bundle.write()).get("entries")).isEmpty();
    assertThat(bundle.verify().entries()).isZero();
  }

  @Test
  void finish_twice_writesTheEndOnce() {
    TestBundles.Bundle bundle = log(0).bundle();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleWriter w = writer(out, bundle);

    w.finish();
    int length = out.size();
    w.finish();
    w.close();

    assertThat(out.size()).isEqualTo(length);
    assertThat(JSON.readTree(out.toByteArray()).get("entries")).isEmpty();
  }

  @Test
  void flush_makesWrittenEntriesVisible() {
    TestBundles.Log log = log(0);
    TestBundles.Bundle bundle = log.bundle();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BundleWriter w = writer(out, bundle)) {
      w.entry(0, log.entries.getFirst(), Optional.of(log.proof(0, 2)));
      w.flush();

      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"entries\":[{\"index\":0,");
    }
  }

  @Test
  void close_withoutFinish_endsTheDocument() {
    TestBundles.Log log = log(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BundleWriter w = writer(out, log.bundle())) {
      w.entry(0, log.entries.getFirst(), Optional.of(log.proof(0, 2)));
    }

    JsonNode bundle = JSON.readTree(out.toByteArray());
    assertThat(bundle.get("entries")).hasSize(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("]}");
  }

  @Test
  void write_consistencyProofs_areInTheHeaderAndTheVerifierAcceptsThem() {
    TestBundles.Log log = log(3);
    TestBundles.Bundle bundle = log.bundle();
    bundle.consistencyProofs.add(log.consistency(2, 5));

    JsonNode json = JSON.readTree(bundle.write());

    JsonNode proof = json.get("consistencyProofs").get(0);
    assertThat(proof.get("fromSize").asLong()).isEqualTo(2);
    assertThat(proof.get("toSize").asLong()).isEqualTo(5);
    assertThat(proof.get("hashes"))
        .extracting(JsonNode::asString)
        .containsExactlyElementsOf(
            log.consistency(2, 5).hashes().stream().map(Digest::base64).toList());
    assertThat(bundle.verify().entries()).isEqualTo(5);
  }

  @Test
  void close_leavesTheSinkOpen() {
    boolean[] closed = {false};
    FilterOutputStream sink =
        new FilterOutputStream(new ByteArrayOutputStream()) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    writer(sink, log(0).bundle()).close();

    assertThat(closed[0]).as("sink closed").isFalse();
  }

  private static BundleWriter writer(OutputStream out, TestBundles.Bundle b) {
    return new BundleWriter(out, b.origin, b.checkpoint, b.keys, b.from, b.to);
  }
}
