package dev.cabledger.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.VerificationException;
import java.util.Base64;
import java.util.List;
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
  void line_isAValueWithoutItsSignatureInText() {
    NoteKeyId id = new NoteKeyId(new byte[] {1, 2, 3, 4});
    SignedNote.Line line = new SignedNote.Line("a", id, new byte[] {9});

    assertThat(new SignedNote.Line("a", new NoteKeyId(new byte[] {1, 2, 3, 4}), new byte[] {9}))
        .isEqualTo(line)
        .hasSameHashCodeAs(line);
    assertThat(new SignedNote.Line("b", id, new byte[] {9})).isNotEqualTo(line);
    assertThat(new SignedNote.Line("a", new NoteKeyId(new byte[4]), new byte[] {9}))
        .isNotEqualTo(line);
    assertThat(new SignedNote.Line("a", id, new byte[] {8})).isNotEqualTo(line);
    assertThat(line).isNotEqualTo(id);
    assertThat(line).hasToString("Line[a 01020304]");
    assertThat(
            List.of(
                line,
                new SignedNote.Line("b", id, new byte[] {9}),
                new SignedNote.Line("a", new NoteKeyId(new byte[4]), new byte[] {9}),
                new SignedNote.Line("a", id, new byte[] {8})))
        .extracting(SignedNote.Line::hashCode)
        .doesNotHaveDuplicates();
  }

  @Test
  void noteKeyId_isAValueShownInHex() {
    NoteKeyId id = new NoteKeyId(new byte[] {1, 2, 3, (byte) 0xff});

    assertThat(new NoteKeyId(new byte[] {1, 2, 3, (byte) 0xff}))
        .isEqualTo(id)
        .hasSameHashCodeAs(id);
    assertThat(new NoteKeyId(new byte[4])).isNotEqualTo(id);
    assertThat(id).hasToString("010203ff");
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
