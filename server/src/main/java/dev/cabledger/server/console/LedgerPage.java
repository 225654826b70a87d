package dev.cabledger.server.console;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.ledger.EntryClient;
import dev.cabledger.server.ledger.LedgerRangeException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.StoredCheckpoint;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /console/ledger}: the log's latest signed checkpoint: its size, root and note; and
 * {@code GET /console/entries/{index}}, where the console's entry links lead: an entry's exact
 * bytes, scoped as the API's entry read is ({@code /api/ledger/entries/{index}} needs a bearer
 * token, which a browser following a link does not send).
 */
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

  @GetMapping("/console/entries/{index}")
  ResponseEntity<byte[]> entry(@PathVariable long index, @AuthenticationPrincipal Caller caller) {
    NotVisibleException missing = new NotVisibleException("No entry " + index);
    byte[] bytes;
    try {
      bytes = reader.entry(index).bytes();
    } catch (LedgerRangeException e) {
      throw missing;
    }
    // Another client's entry answers exactly as a missing one.
    if (!EntryClient.visibleTo(caller, bytes)) {
      throw missing;
    }
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.inline().filename("entry-" + index + ".json").build().toString())
        .contentType(MediaType.APPLICATION_JSON)
        .body(bytes);
  }
}
