package dev.cabledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReceiptTest {
  private static final String LEAF = Digest.sha256(new byte[] {1}).base64();
  private static final String NODE = Digest.sha256(new byte[] {2}).base64();
  private static final String ONE =
      "{\"index\":3,\"leafHash\":\""
          + LEAF
          + "\",\"treeSize\":8,\"inclusionProof\":[\""
          + NODE
          + "\"],\"checkpoint\":\"note\\n\"}";

  @Test
  void listFromJson_oneReceiptAsTheAppendEndpointAnswers_isParsed() {
    List<Receipt> receipts = Receipt.listFromJson(json(ONE));

    assertThat(receipts)
        .containsExactly(
            new Receipt(3, Digest.fromBase64(LEAF), "note\n", List.of(Digest.fromBase64(NODE))));
  }

  @Test
  void listFromJson_array_isParsedInOrder() {
    List<Receipt> receipts =
        Receipt.listFromJson(json("[" + ONE + "," + ONE.replace("3", "4") + "]"));

    assertThat(receipts).extracting(Receipt::index).containsExactly(3L, 4L);
  }

  @Test
  void listFromJson_malformedReceipts_areRejectedNamingTheReceipt() {
    assertMalformed("[" + ONE + ",1]", "receipt 2 is not a JSON object");
    assertMalformed(ONE.replace("\"index\":3", "\"index\":-3"), "receipt 1 has no valid 'index'");
    assertMalformed(ONE.replace("\"index\":3", "\"index\":3.5"), "no valid 'index'");
    assertMalformed(ONE.replace("\"index\":3", "\"index\":\"3\""), "no valid 'index'");
    assertMalformed(ONE.replace("\"leafHash\"", "\"leaf\""), "has no 'leafHash'");
    assertMalformed(ONE.replace("\"checkpoint\"", "\"cp\""), "has no 'checkpoint'");
    assertMalformed(ONE.replace(LEAF, "AAAA"), "'leafHash' that is not base64 of 32 bytes");
    assertMalformed(ONE.replace(NODE, "!"), "receipt 1's 'inclusionProof' holds a hash");
    assertMalformed(ONE.replace("\"inclusionProof\"", "\"proof\""), "'inclusionProof' is missing");
  }

  @Test
  void receipt_negativeIndex_isRejected() {
    assertThatThrownBy(() -> new Receipt(-1, Digest.fromBase64(LEAF), "n", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertMalformed(String text, String message) {
    assertThatThrownBy(() -> Receipt.listFromJson(json(text)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining(message);
  }

  private static JsonNode json(String text) {
    return CanonicalJson.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
