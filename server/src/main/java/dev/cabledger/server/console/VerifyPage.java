package dev.cabledger.server.console;

import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.VerifiedChange;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /console/changes/{id}/verify}: each entry of a change checked as {@code
 * /api/cab/verify/{id}} checks it (through {@code workflow/ChangeVerifier}, the same code): its
 * signatures, the service's and an approver's own, and its inclusion proof against the latest
 * signed checkpoint, green or red. Everything shown is read from the entry's signed bytes.
 */
@Controller
final class VerifyPage {
  private final ChangeRecords records;
  private final ChangeVerifier verifier;
  private final KeyRegistry keys;

  VerifyPage(ChangeRecords records, ChangeVerifier verifier, KeyRegistry keys) {
    this.records = records;
    this.verifier = verifier;
    this.keys = keys;
  }

  /** One signature of an entry: the key that made it and whom the registry says holds it. */
  record SignatureRow(String keyId, String owner, String purpose) {
    static SignatureRow of(EnvelopeSignature s, Optional<RegisteredKey> key) {
      return new SignatureRow(
          s.keyId().toString(),
          key.map(RegisteredKey::owner).orElse("(not in the registry)"),
          key.map(RegisteredKey::purpose).orElse("unknown"));
    }
  }

  /** One entry of the change as checked. */
  record EntryRow(
      long index,
      String eventType,
      String actor,
      String createdAt,
      List<SignatureRow> signatures,
      boolean signatureValid,
      boolean included,
      List<String> problems) {
    // Public: the template reads it (SpEL calls public methods only).
    public boolean verified() {
      return signatureValid && included && problems.isEmpty();
    }
  }

  @GetMapping("/console/changes/{id}/verify")
  String verify(@PathVariable String id, @AuthenticationPrincipal Caller caller, Model model) {
    // Missing and out of scope are the same 404 page, before anything is verified.
    records.indexed(id, caller);
    VerifiedChange verified = verifier.verify(id);
    verified.requireVisibleTo(caller);
    List<EntryRow> entries = verified.entries().stream().map(this::row).toList();
    model.addAttribute("me", caller);
    model.addAttribute("changeId", id);
    model.addAttribute("entries", entries);
    model.addAttribute(
        "allVerified",
        verified.failures().isEmpty()
            && verified.history().isPresent()
            && entries.stream().allMatch(EntryRow::verified));
    model.addAttribute("failures", verified.failures().stream().map(Object::toString).toList());
    model.addAttribute("treeSize", verified.checkpoint().size());
    model.addAttribute("root", verified.checkpoint().root().hex());
    return "console/verify";
  }

  private EntryRow row(CheckedEntry e) {
    Optional<Statement> s = e.statement();
    List<SignatureRow> signatures =
        e.envelope().map(env -> env.signatures()).orElse(List.of()).stream()
            .map(sig -> SignatureRow.of(sig, keys.find(sig.keyId())))
            .toList();
    return new EntryRow(
        e.index(),
        s.map(x -> x.predicate().eventType().name()).orElse("(unreadable)"),
        s.map(x -> x.predicate().actor().subject()).orElse(""),
        s.map(x -> x.predicate().createdAt().toString()).orElse(""),
        signatures,
        e.signatureValid(),
        e.included(),
        e.problems());
  }
}
