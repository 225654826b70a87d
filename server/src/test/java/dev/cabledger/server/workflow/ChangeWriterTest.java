package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.storage.Backend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one write path refuses what the offline verifier would flag, before signing anything. */
class ChangeWriterTest {

  @Test
  void record_approvalNamingSomeoneElse_refusedAndNothingWritten() {
    TestService service = TestService.shared(Backend.SQLITE);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    ChangeHistory h = TestDecisions.history(service, changeId);
    Caller alice = TestDecisions.approver("user:alice");
    long before = TestWorkflow.treeSize(service);

    InvalidInputException refused =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> record(service, changeId, approval(h, "user:bob", h.planHash()), alice));

    assertThat(refused).hasMessageContaining("user:bob").hasMessageContaining("user:alice");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @Test
  void record_planHashOtherThanTheSubjects_refusedAndNothingWritten() {
    TestService service = TestService.shared(Backend.SQLITE);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    ChangeHistory h = TestDecisions.history(service, changeId);
    Caller alice = TestDecisions.approver("user:alice");
    CabApproved approval = approval(h, "user:alice", h.planHash());
    Statement other =
        new Statement(
            changeId,
            Digest.fromHex(TestWorkflow.newPlanHash()),
            new Event(
                UUID.randomUUID().toString(),
                approval,
                alice.actor(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    long before = TestWorkflow.treeSize(service);

    InvalidInputException refused =
        catchThrowableOfType(
            InvalidInputException.class,
            () ->
                service
                    .app()
                    .getBean(ChangeWriter.class)
                    .record(other, EntryProjection.NONE, Optional.empty(), alice, Map.of()));

    assertThat(refused).hasMessageContaining("subject");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  private static void record(TestService service, String changeId, CabApproved a, Caller by) {
    service
        .app()
        .getBean(ChangeWriter.class)
        .record(
            ChangeRecords.statement(changeId, a, by),
            EntryProjection.NONE,
            Optional.empty(),
            by,
            Map.of());
  }

  private static CabApproved approval(ChangeHistory h, String approver, Digest plan) {
    return new CabApproved(
        UUID.randomUUID(),
        h.client(),
        plan,
        Optional.empty(),
        approver,
        "CAB_APPROVER",
        ApprovalStatus.APPROVED,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ApprovalConstraints.NONE,
        Optional.empty());
  }
}
