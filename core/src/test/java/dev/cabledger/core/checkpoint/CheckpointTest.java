package dev.cabledger.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
  private static final Digest ROOT =
      Digest.fromHex("01c6641a00c843d3a7680b9868757648679673fb35d5c3c0264bd43abc347506");

  @Test
  void body_isOriginSizeAndBase64Root() {
    Checkpoint checkpoint = new Checkpoint("ledger.example/interop", 1, ROOT);

    assertThat(checkpoint.body())
        .isEqualTo("ledger.example/interop\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n");
  }

  @Test
  void parseBody_ofBody_roundTrips() {
    Checkpoint checkpoint = new Checkpoint("example.com/log", Long.MAX_VALUE, ROOT);

    assertThat(Checkpoint.parseBody(checkpoint.body())).isEqualTo(checkpoint);
    assertThat(Checkpoint.parseBody(new Checkpoint("o", 0, ROOT).body()).size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=",
        "o\n1\n",
        "\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n",
        "o\n01\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n",
        "o\n-1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n",
        "o\n+1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n",
        "o\n9223372036854775808\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n",
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQ\n",
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQZ=\n",
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQYA\n",
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc_s11cPAJkvUOrw0dQY=\n",
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\nextension\n",
        "o\n1\nAcZkGgDIQ9OnaAuYaHV2SGeWc/s11cPAJkvUOrw0dQY=\n\n",
      })
  void parseBody_malformed_isRejectedAsCheckpoint(String body) {
    assertThatThrownBy(() -> Checkpoint.parseBody(body))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CHECKPOINT))
        .hasMessageStartingWith("malformed checkpoint");
  }

  @Test
  void constructor_badValues_areRejected() {
    assertThatThrownBy(() -> new Checkpoint("", 1, ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint("a\nb", 1, ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint("o", -1, ROOT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checkpoint_originWithSpacesAndNonAscii_isAccepted() {
    Checkpoint cp = new Checkpoint("log with spaces \u00e9", 1, Digest.sha256(new byte[0]));

    assertThat(Checkpoint.parseBody(cp.body())).isEqualTo(cp);
  }
}
