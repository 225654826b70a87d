package dev.cabledger.server.workflow;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.policy.Templates;

/**
 * The standard-change templates in the log, as the intake, the gate and the apply check weigh them.
 * The {@code templates} feature provides it; it sits here so that other features can ask without
 * depending on that one.
 */
public interface ApprovedTemplates {
  /**
   * The entries of {@code client}'s templates (definitions and approvals) whose signatures and
   * inclusion verify under the latest checkpoint, read from their signed bytes, in log order: a
   * template approves changes, so an entry that does not verify does not count.
   */
  Templates of(ClientId client);
}
