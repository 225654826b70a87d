package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.storage.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChangeVerifierTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void state_latestNoteEditedAfterItVerified_isAnIntegrityFailureUntilRestored(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      TestWorkflow.submit(
          service, TestWorkflow.newChangeId(), "acme", TestWorkflow.newPlanHash(), "low");
      ChangeVerifier verifier = service.app().getBean(ChangeVerifier.class);
      LogState first = verifier.state();
      assertThat(verifier.state().checkpoint()).isEqualTo(first.checkpoint());

      // An intruder edits the signature of the note that verified, keeping its body (so the row's
      // size and root still agree with it): the same checkpoint, other bytes, checked again.
      String note = first.checkpoint().note();
      db.dropAppendOnlyTriggers();
      db.jdbc()
          .update(
              "UPDATE checkpoint SET note = ? WHERE tree_size = ?",
              withSignatureEdited(note),
              first.checkpoint().size());

      assertThatThrownBy(verifier::state)
          .isInstanceOf(LedgerIntegrityException.class)
          .hasMessageContaining("the latest checkpoint is not signed by this log's key");

      db.jdbc()
          .update(
              "UPDATE checkpoint SET note = ? WHERE tree_size = ?",
              note,
              first.checkpoint().size());
      assertThat(verifier.state().checkpoint()).isEqualTo(first.checkpoint());
    }
  }

  /** The note with one base64 character in the middle of its signature line changed. */
  private static String withSignatureEdited(String note) {
    int line = note.lastIndexOf('\n', note.length() - 2) + 1;
    int space = note.lastIndexOf(' ');
    assertThat(space).isGreaterThan(line);
    int at = space + 1 + (note.length() - 1 - space) / 2;
    char replaced = note.charAt(at) == 'A' ? 'B' : 'A';
    return note.substring(0, at) + replaced + note.substring(at + 1);
  }
}
