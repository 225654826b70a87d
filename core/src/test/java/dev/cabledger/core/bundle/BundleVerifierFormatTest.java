package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.bytes;
import static dev.cabledger.core.bundle.TestBundles.findings;
import static dev.cabledger.core.bundle.TestBundles.log;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Bundles that are not well-formed audit bundles: every defect is a finding, never a crash. */
class BundleVerifierFormatTest {

  @Test
  void verify_truncatedJson_isBundleFinding() {
    byte[] good = log(2).bundle().write();
    byte[] truncated = Arrays.copyOf(good, good.length - 100);

    assertThat(findings(truncated, Optional.empty()))
        .haveAtLeastOne(aboutBundle("the bundle is not well-formed JSON"));
  }

  @Test
  void verify_emptyInput_isBundleFinding() {
    assertThat(findings("")).singleElement().is(aboutBundle("an audit bundle is a JSON object"));
  }

  @Test
  void verify_notAnObject_isBundleFinding() {
    assertThat(findings("[1, 2]"))
        .singleElement()
        .is(aboutBundle("an audit bundle is a JSON object"));
  }

  @Test
  void verify_garbage_isBundleFinding() {
    assertThat(findings("{\"format\": nope}"))
        .singleElement()
        .is(aboutBundle("not well-formed JSON"));
  }

  @Test
  void verify_wrongFormatField_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    json.put("format", "https://example.com/other/v1");

    assertThat(findings(json))
        .singleElement()
        .is(
            aboutBundle(
                "format is 'https://example.com/other/v1', expected " + AuditBundle.FORMAT));
  }

  @Test
  void verify_formatFieldMissing_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    json.remove("format");

    assertThat(findings(json)).singleElement().is(aboutBundle("format is 'null'"));
  }

  @Test
  void verify_entriesBeforeHeader_isBundleFinding() {
    ObjectNode json = reordered(log(2).bundle().json(), "format", "entries");

    assertThat(findings(json)).singleElement().is(aboutBundle("must be complete before 'entries'"));
  }

  @Test
  void verify_entriesMissing_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    json.remove("entries");

    assertThat(findings(json)).singleElement().is(aboutBundle("has no 'entries' array"));
  }

  @Test
  void verify_entriesNotAnArray_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    json.putObject("entries").put("index", 0);

    assertThat(findings(json)).haveExactly(1, aboutBundle("'entries' is not an array"));
  }

  @Test
  void verify_entryNotAnObject_isFindingAndLaterEntriesAreChecked() {
    ObjectNode json = log(2).bundle().json();
    json.withArray("entries").insert(2, 42);

    assertThat(findings(json))
        .singleElement()
        .is(aboutBundle("an entry after index 1 is not a JSON object"));
  }

  @Test
  void verify_toBeforeFrom_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    json.put("from", 3).put("to", 2);

    assertThat(findings(json)).singleElement().is(aboutBundle("must be complete before 'entries'"));
  }

  @Test
  void verify_keysMalformed_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    ((ObjectNode) json.withArray("keys").get(0)).put("publicKey", "AAAA");

    assertThat(findings(json)).haveAtLeastOne(aboutBundle("key registry: "));
  }

  @Test
  void verify_keysNull_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    json.putNull("keys");

    assertThat(findings(json)).haveAtLeastOne(aboutBundle("key registry: "));
  }

  @Test
  void verify_keyWithStructuredValidTo_isBundleFinding() {
    ObjectNode json = log(2).bundle().json();
    ((ObjectNode) json.withArray("keys").get(0)).putObject("validTo");

    assertThat(findings(json)).haveAtLeastOne(aboutBundle("key registry: malformed key"));
  }

  @Test
  void verify_unknownFieldBeforeEntries_isIgnored() {
    ObjectNode json = log(2).bundle().json();
    json.putObject("comment").put("by", "a later version");
    ObjectNode reordered = reordered(json, "comment");

    assertThat(TestBundles.verify(TestBundles.JSON.writeValueAsBytes(reordered), Optional.empty()))
        .extracting(VerifiedBundle::entries)
        .isEqualTo(4L);
  }

  @Test
  void verify_fromRedefinedAfterEntries_isBundleFinding() {
    // Only [2, 4) is proven; the bundle must not be reported as covering [0, 4).
    byte[] bundle = appended(log(2).bundle(2, 4, 4).write(), ",\"from\":0");

    assertThat(findings(bundle, Optional.empty()))
        .singleElement()
        .is(aboutBundle("'from' appears after 'entries'"));
  }

  @Test
  void verify_secondEntriesArray_isBundleFinding() {
    byte[] good = log(2).bundle().write();
    String text = new String(good, StandardCharsets.UTF_8);
    String entries = text.substring(text.indexOf(",\"entries\":"), text.length() - 1);

    assertThat(findings(appended(good, entries), Optional.empty()))
        .singleElement()
        .is(aboutBundle("'entries' appears after 'entries'"));
  }

  @Test
  void verify_unknownFieldAfterEntries_isIgnored() {
    byte[] bundle = appended(log(2).bundle().write(), ",\"comment\":{\"from\":0}");

    assertThat(TestBundles.verify(bundle, Optional.empty()).entries()).isEqualTo(4);
  }

  @Test
  void verify_trailingContentAfterBundle_isBundleFinding() {
    byte[] good = log(2).bundle().write();
    byte[] trailing = bytes(new String(good, StandardCharsets.UTF_8) + "{}");

    assertThat(findings(trailing, Optional.empty()))
        .singleElement()
        .is(aboutBundle("there is content after the end of the bundle"));
  }

  @Test
  void verify_manyDefects_listsEveryOneInOrder() {
    TestBundles.Bundle bundle = log(6).bundle();
    bundle.entries.remove(5);
    bundle.mapEntry(2, e -> e.withProof(Optional.empty()));
    bundle.entries.remove(4);

    List<Finding> findings = bundle.findings();

    assertThat(findings).extracting(f -> f.entryIndex().getAsLong()).containsExactly(2L, 4L, 5L);
    assertThat(findings.get(0)).is(aboutEntry(2, "has no inclusion proof"));
  }

  @Test
  void exception_message_listsFirstFindings() {
    List<Finding> many =
        LongStream.range(0, 7)
            .mapToObj(i -> Finding.ofEntry(i, "is missing from the bundle"))
            .toList();

    BundleVerificationException e = new BundleVerificationException(many);

    assertThat(e.getMessage())
        .startsWith("7 finding(s): entry 0: is missing from the bundle; entry 1:")
        .contains("entry 4: ")
        .doesNotContain("entry 5: ")
        .endsWith("; …");
    assertThat(e.findings()).isEqualTo(many);
  }

  @Test
  void finding_toString_namesTheEntryIfAny() {
    assertThat(Finding.ofEntry(3, "is missing")).hasToString("entry 3: is missing");
    assertThat(Finding.ofBundle("no log key")).hasToString("no log key");
  }

  /** The bundle's JSON text with {@code members} added before its closing brace. */
  private static byte[] appended(byte[] bundle, String members) {
    String text = new String(bundle, StandardCharsets.UTF_8);
    assertThat(text).endsWith("]}");
    return bytes(text.substring(0, text.length() - 1) + members + "}");
  }

  /** A copy of the bundle with these fields first, in this order, then the rest. */
  private static ObjectNode reordered(ObjectNode bundle, String... first) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String name : first) {
      out.set(name, bundle.get(name));
    }
    bundle.properties().forEach(p -> out.putIfAbsent(p.getKey(), p.getValue()));
    return out;
  }
}
