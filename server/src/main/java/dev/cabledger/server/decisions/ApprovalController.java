package dev.cabledger.server.decisions;

import dev.cabledger.server.access.Caller;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/approvals}: the audit schema's approval queries (valid approvals of a change,
 * expired approvals, an approver's approvals since a date, approvals by status) over CAB and
 * exception decisions of the clients in scope. The projection selects; each approval is read from
 * its signed entry.
 */
@RestController
class ApprovalController {
  static final int PAGE_SIZE = ApprovalSearch.PAGE_SIZE;

  private final ApprovalSearch search;

  ApprovalController(ApprovalSearch search) {
    this.search = search;
  }

  /** A page of approvals, newest first. */
  record ApprovalPage(int page, int size, List<ApprovalView> approvals) {}

  @GetMapping(value = "/api/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
  ApprovalPage approvals(
      @RequestParam(required = false) @Nullable String deploymentIntent,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String approver,
      @RequestParam(required = false) @Nullable String since,
      @RequestParam(required = false) @Nullable Boolean expired,
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal Caller caller) {
    return new ApprovalPage(
        page,
        PAGE_SIZE,
        search.search(deploymentIntent, status, approver, since, expired, page, caller));
  }
}
