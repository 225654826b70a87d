package dev.cabledger.server.console;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.StoredCheckpoint;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /console/ledger}: the log's latest signed checkpoint: its size, root and note. */
@Controller
final class LedgerPage {
  private final LogReader reader;

  LedgerPage(LogReader reader) {
    this.reader = reader;
  }

  @GetMapping("/console/ledger")
  String ledger(@AuthenticationPrincipal Caller caller, Model model) {
    StoredCheckpoint checkpoint = reader.latestCheckpoint();
    model.addAttribute("me", caller);
    model.addAttribute("size", checkpoint.size());
    model.addAttribute("root", checkpoint.root().hex());
    model.addAttribute("note", checkpoint.note());
    return "console/ledger";
  }
}
