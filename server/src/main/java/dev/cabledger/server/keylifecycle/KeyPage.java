package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.keys.KeyRegistry;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /console/keys}: your approver keys: whether this browser can hold one (the page's
 * module asks), the key it holds for you, your registered keys and your pending enrolments, and the
 * button that makes a key in the browser and enrols it. In this feature because the enrolments are
 * its own.
 */
@Controller
final class KeyPage {
  private final KeyRegistry registry;
  private final Enrolments enrolments;

  KeyPage(KeyRegistry registry, Enrolments enrolments) {
    this.registry = registry;
    this.enrolments = enrolments;
  }

  /** One of your registered keys, as the registry states it from its signed entries. */
  record KeyRow(String keyId, String status, String validFrom, String validTo) {
    static KeyRow of(RegisteredKey k) {
      return new KeyRow(
          k.keyId().toString(),
          k.status().json(),
          k.validFrom().toString(),
          k.validTo().map(Instant::toString).orElse(""));
    }
  }

  @GetMapping("/console/keys")
  String keys(@AuthenticationPrincipal Caller caller, Model model) {
    List<KeyRow> registered =
        registry.all().stream()
            .filter(k -> k.owner().equals(caller.subject()) && k.purpose().equals("approver"))
            .map(KeyRow::of)
            .toList();
    List<Enrolments.View> pending =
        enrolments.all().stream()
            .filter(e -> e.owner().equals(caller.subject()) && e.status().equals("requested"))
            .toList();
    model.addAttribute("me", caller);
    model.addAttribute("registered", registered);
    model.addAttribute("pending", pending);
    return "console/keys";
  }
}
