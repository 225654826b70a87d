package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.JSON;
import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.log;
import static dev.cabledger.core.bundle.TestBundles.logKey;
import static dev.cabledger.core.bundle.TestBundles.serviceKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.registry.KeyRing;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How gaps and a broken registry are reported: per entry up to 20, then as one range. */
class BundleVerifierGapTest {
  private final TestBundles.Log log = log(25);

  @Test
  void verify_twentyEntriesMissing_namesEachEntry() {
    TestBundles.Bundle bundle = log.bundle();
    bundle.entries.subList(2, 22).clear();

    List<Finding> findings = bundle.findings();

    assertThat(findings).hasSize(20);
    for (long i = 2; i < 22; i++) {
      assertThat(findings).haveExactly(1, aboutEntry(i, "is missing from the bundle"));
    }
  }

  @Test
  void verify_twentyOneEntriesMissing_isOneRangeFinding() {
    TestBundles.Bundle bundle = log.bundle();
    bundle.entries.subList(2, 23).clear();

    assertThat(bundle.findings())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("entries 2 to 22 are missing"));
  }

  @Test
  void verify_brokenRegistryInBundleWithPinnedKeys_stillChecksEntriesWithThePinnedKeys() {
    ObjectNode bundle = log.bundle().json();
    bundle.set("keys", JSON.readTree("[{\"keyId\":\"broken\"}]"));
    KeyRing pinned = KeyRing.of(List.of(serviceKey(), logKey()));

    List<Finding> findings =
        TestBundles.findings(JSON.writeValueAsBytes(bundle), Optional.of(pinned));

    assertThat(findings).singleElement().is(aboutBundle("key registry:"));
  }

  @Test
  void verify_moreThanTenThousandFindings_keepsTheFirstAndSaysSomeWereLeftOut() {
    ObjectNode bundle = log.bundle(0, 0, log.size()).json();
    ArrayNode entries = bundle.putArray("entries");
    for (int i = 0; i < 10_001; i++) {
      entries.addObject().put("index", 100 + i);
    }

    List<Finding> findings = TestBundles.findings(bundle);

    assertThat(findings).hasSize(10_001);
    assertThat(findings.get(9_999)).is(aboutEntry(10_099, "is outside the bundle's range"));
    assertThat(findings.getLast()).is(aboutBundle("more findings were left out"));
  }
}
