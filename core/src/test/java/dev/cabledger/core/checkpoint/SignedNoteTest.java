package dev.cabledger.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.VerificationException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The limits of the signed-note grammar (c2sp.org/signed-note "Format"), at their edges. */
class SignedNoteTest {
  private static final String LINE = "\u2014 witness.example AAAAAAA=\n"; // key ID + 1 byte

  @Test
  void parse_blankLineAtTheStart_isTheSeparatorAfterAnEmptyText() {
    SignedNote note = SignedNote.parse("\n\n" + LINE);

    assertThat(note.text()).isEqualTo("\n");
    assertThat(note.lines()).hasSize(1);
  }

  @Test
  void parse_signatureOfOneByte_isTheShortestAccepted() {
    SignedNote.Line line = SignedNote.parse("text\n\n" + LINE).lines().getFirst();

    assertThat(line.keyName()).isEqualTo("witness.example");
    assertThat(line.signature()).hasSize(1);
    String keyIdOnly = "\u2014 witness.example " + Base64.getEncoder().encodeToString(new byte[4]);
    assertThatThrownBy(() -> SignedNote.parse("text\n\n" + keyIdOnly + "\n"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not padded base64 of a key ID and a signature");
  }

  @Test
  void parse_exactlyTheMostSignatureLines_isAccepted() {
    String note = "text\n\n" + LINE.repeat(SignedNote.MAX_SIGNATURES);

    assertThat(SignedNote.parse(note).lines()).hasSize(SignedNote.MAX_SIGNATURES);
  }

  @Test
  void parse_emptyKeyName_isAnInvalidName() {
    assertThatThrownBy(() -> SignedNote.parse("text\n\n\u2014  AAAAAAA=\n"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("invalid key name: \"\"");
  }

  @Test
  void isValidName_plusAnywhereOrSurrogatesOrSpaces_areInvalid() {
    assertThat(SignedNote.isValidName("+a")).isFalse();
    assertThat(SignedNote.isValidName("a+")).isFalse();
    assertThat(SignedNote.isValidName("a\uD800")).isFalse();
    assertThat(SignedNote.isValidName("a\uDFFF")).isFalse();
    assertThat(SignedNote.isValidName("a\u00A0b")).isFalse();
    assertThat(SignedNote.isValidName("a\u0085b")).isFalse();
    assertThat(SignedNote.isValidName("ledger.example/\uD83D\uDD12")).isTrue();
    assertThat(SignedNote.isValidName("a\uD7FF\uE000")).isTrue();
  }
}
