package dev.cabledger.server;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's shape (docs/architecture.md): feature packages without cycles, stacked so that the
 * log engine knows no feature and who the caller is sits below everything.
 */
class ArchitectureTest {
  /** The feature packages: each may use the layers below, never another feature. */
  private static final Set<String> FEATURES =
      Set.of(
          "audit",
          "demo",
          "changes",
          "exceptions",
          "evidence",
          "decisions",
          "freezes",
          "gate",
          "reports",
          "overrides",
          "keylifecycle",
          "templates",
          "emergencies",
          "verification",
          "console");

  private static JavaClasses server;

  @BeforeAll
  static void importClasses() {
    server =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cabledger.server");
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching("dev.cabledger.server.(*)..").should().beFreeOfCycles().check(server);
  }

  @Test
  void layers_dependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.cabledger.server..")
        .layer("access")
        .definedBy("dev.cabledger.server.access..")
        .layer("storage")
        .definedBy("dev.cabledger.server.storage..")
        .layer("signing")
        .definedBy("dev.cabledger.server.signing..")
        .layer("ledger")
        .definedBy("dev.cabledger.server.ledger..")
        .layer("events")
        .definedBy("dev.cabledger.server.events..")
        .layer("identity")
        .definedBy("dev.cabledger.server.identity..")
        .layer("keys")
        .definedBy("dev.cabledger.server.keys..")
        .layer("workflow")
        .definedBy("dev.cabledger.server.workflow..")
        .layer("features")
        .definedBy(
            FEATURES.stream().map(f -> "dev.cabledger.server." + f + "..").toArray(String[]::new))
        .layer("web")
        .definedBy("dev.cabledger.server.web..")
        .whereLayer("web")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("features")
        .mayOnlyBeAccessedByLayers("web", "features")
        .whereLayer("workflow")
        .mayOnlyBeAccessedByLayers("features", "web")
        .whereLayer("keys")
        .mayOnlyBeAccessedByLayers("workflow", "features", "web")
        .whereLayer("identity")
        .mayOnlyBeAccessedByLayers("keys", "workflow", "features", "web")
        .whereLayer("events")
        .mayOnlyBeAccessedByLayers("identity", "keys", "workflow", "features", "web")
        .whereLayer("ledger")
        .mayOnlyBeAccessedByLayers("events", "identity", "keys", "workflow", "features", "web")
        .whereLayer("signing")
        .mayOnlyBeAccessedByLayers(
            "ledger", "events", "identity", "keys", "workflow", "features", "web")
        .whereLayer("storage")
        .mayOnlyBeAccessedByLayers(
            "ledger", "events", "identity", "keys", "workflow", "features", "web")
        .check(server);
  }

  @Test
  void features_doNotDependOnEachOther() {
    slices()
        .matching("dev.cabledger.server.(*)..")
        .that(
            DescribedPredicate.describe(
                "are features", (Slice slice) -> FEATURES.contains(slice.getNamePart(1))))
        .should()
        .notDependOnEachOther()
        .check(server);
  }
}
