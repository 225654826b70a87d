package dev.cabledger.server.reports;

import java.util.List;

/**
 * A gate answer of the period that said BLOCKED, as its signed {@code GATE_EVALUATED} entry states
 * it.
 *
 * @param changeRequestId the change asked about
 * @param client the tenant
 * @param planHash the plan hash asked about
 * @param environment the environment asked about
 * @param evaluatedAt when
 * @param askedBy who asked (the pipeline's or person's token subject)
 * @param reasons why it blocked, each {@code code: text}
 * @param entryIndex the entry
 * @param signatureValid whether its signatures verify
 * @param included whether it is proven included under the checkpoint
 */
record BlockedGateAnswer(
    String changeRequestId,
    String client,
    String planHash,
    String environment,
    String evaluatedAt,
    String askedBy,
    List<String> reasons,
    long entryIndex,
    boolean signatureValid,
    boolean included) {
  BlockedGateAnswer {
    reasons = List.copyOf(reasons);
  }
}
