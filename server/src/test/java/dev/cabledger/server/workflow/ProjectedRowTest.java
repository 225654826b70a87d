package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A row as the log establishes it. */
class ProjectedRowTest {
  @Test
  void of_valuesOfTheirColumnsTypes_absentIsNull() {
    ProjectedRow row =
        ProjectedRow.of(WorkflowTables.APPROVAL_END)
            .text("approval_id", "a1")
            .text("how", Optional.empty())
            .integer("entry_idx", 7)
            .build();

    assertThat(row.entryIndex()).isEqualTo(7);
    assertThat(row.key()).isEqualTo("a1");
    assertThat(row.value("how")).isEmpty();
    assertThat(row).hasToString("approval_end row (approval_id a1)");
  }

  @Test
  void new_wrongTypeUnknownColumnOrNoKey_refusedNamingTheColumn() {
    assertThatThrownBy(
            () ->
                new ProjectedRow(
                    WorkflowTables.APPROVAL_END, Map.of("approval_id", "a1", "entry_idx", "7")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("approval_end.entry_idx is INTEGER");
    assertThatThrownBy(
            () ->
                new ProjectedRow(
                    WorkflowTables.APPROVAL_END,
                    Map.of("approval_id", "a1", "entry_idx", 7L, "note", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table approval_end has no note");
    assertThatThrownBy(() -> new ProjectedRow(WorkflowTables.APPROVAL_END, Map.of("entry_idx", 7L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("approval_end row needs its approval_id");
  }

  @Test
  void new_columnKeptOutsideTheLog_refused() {
    assertThatThrownBy(
            () ->
                new ProjectedRow(
                    WorkflowTables.EVIDENCE_PACKAGE,
                    Map.of("evidence_hash", "ab", "entry_idx", 1L, "document", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evidence_package.document is not in the log");
  }
}
