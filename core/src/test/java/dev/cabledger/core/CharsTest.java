package dev.cabledger.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each rule of {@link Chars} against the regular expression it replaces, on the same strings. */
class CharsTest {
  /**
   * Characters at the edges of every rule, a supplementary one (two chars) and a lone surrogate.
   */
  private static final String[] PIECES = {
    "a",
    "f",
    "g",
    "z",
    "A",
    "F",
    "Z",
    "0",
    "9",
    "_",
    "-",
    ".",
    ":",
    "@",
    "/",
    "+",
    "T",
    "Z",
    " ",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u0080",
    "\u00e9",
    "\u4e2d",
    "\ud83d\ude00",
    "\ud83d",
    "é",
    "=",
    "2026-04-01T14:30:00Z",
    "2026-04-01T14:30:00.123Z",
    "ab_cd",
    "__"
  };

  @Test
  void printable_agreesWithThePosixCntrlPattern() {
    agree(Pattern.compile("\\P{Cntrl}{1,256}"), s -> Chars.printable(s, 256), 300);
    agree(Pattern.compile("\\P{Cntrl}{1,3}"), s -> Chars.printable(s, 3), 6);
    agree(Pattern.compile("\\P{Cntrl}+"), s -> Chars.printable(s, Integer.MAX_VALUE), 12);
  }

  @Test
  void printable_countsASupplementaryCharacterOnce() {
    assertThat(Chars.printable("\ud83d\ude00\ud83d\ude00", 2)).isTrue();
    assertThat(Chars.printable("\ud83d\ude00\ud83d\ude00a", 2)).isFalse();
    assertThat(Chars.printable("", 2)).isFalse();
  }

  @Test
  void lowerHex_agreesWithItsPattern() {
    agree(Pattern.compile("[0-9a-f]{4}"), s -> Chars.lowerHex(s, 4), 6);
    assertThat(Chars.lowerHex("0123456789abcdef".repeat(4), 64)).isTrue();
    assertThat(Chars.lowerHex("0123456789ABCDEF".repeat(4), 64)).isFalse();
  }

  @Test
  void snakeCase_agreesWithItsPattern() {
    agree(Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*"), Chars::snakeCase, 8);
  }

  @Test
  void roleName_agreesWithItsPattern() {
    agree(Pattern.compile("[A-Z][A-Z0-9_]{0,63}"), Chars::roleName, 70);
  }

  @Test
  void keyId_agreesWithItsPattern() {
    agree(Pattern.compile("[A-Za-z0-9._:@/+-]{1,128}"), Chars::keyId, 140);
  }

  @Test
  void utcTimeShape_agreesWithItsPattern() {
    Pattern time = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");
    agree(time, Chars::utcTimeShape, 3);
    for (String s :
        List.of(
            "2026-04-01T14:30:00Z",
            "2026-04-01T14:30:00.123Z",
            "2026-04-01T14:30:00.12Z",
            "2026-04-01 14:30:00Z",
            "2026-04-01T14:30:00",
            "2026-04-01T14:30:0aZ",
            "\u0662026-04-01T14:30:00Z")) {
      assertThat(Chars.utcTimeShape(s)).as(s).isEqualTo(time.matcher(s).matches());
    }
  }

  /** Random strings of up to {@code maxPieces} pieces, plus long runs of one piece. */
  private static void agree(Pattern pattern, Predicate<String> rule, int maxPieces) {
    SplittableRandom random = new SplittableRandom(20261126);
    int matched = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder s = new StringBuilder();
      int pieces = random.nextInt(Math.min(maxPieces, 8) + 1);
      for (int i = 0; i < pieces; i++) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      if (random.nextInt(4) == 0) {
        s.append(PIECES[random.nextInt(PIECES.length)].repeat(random.nextInt(maxPieces + 1)));
      }
      String text = s.toString();
      boolean expected = pattern.matcher(text).matches();
      assertThat(rule.test(text)).as("%s on %s", pattern, text).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    // The strings must reach both answers, or the comparison proves nothing.
    assertThat(matched).isPositive().isLessThan(20_000);
  }
}
