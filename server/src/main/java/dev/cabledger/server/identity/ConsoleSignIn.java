package dev.cabledger.server.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's sign-in: the page that says how ({@code /console/signin}), the one-time login link
 * ({@code /console/login?token=…}, which starts the session and redirects so that the token leaves
 * the address bar), and the page of a refused request ({@code /console/denied}).
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSignIn {
  private final LoginLinks links;
  private final ConsoleProviders providers;
  private final TrustedIssuer trusted;
  private final HttpSessionSecurityContextRepository sessions;

  ConsoleSignIn(
      LoginLinks links,
      ConsoleProviders providers,
      TrustedIssuer trusted,
      HttpSessionSecurityContextRepository sessions) {
    this.links = links;
    this.providers = providers;
    this.trusted = trusted;
    this.sessions = sessions;
  }

  @GetMapping("/console/signin")
  String signIn(Model model) {
    return page(model, Optional.empty());
  }

  @GetMapping("/console/login")
  String login(
      @RequestParam(required = false) @Nullable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    CallerAuthentication caller;
    try {
      caller = links.use(Optional.ofNullable(token));
    } catch (LoginLinks.RefusedException e) {
      response.setStatus(e.status());
      return page(model, Optional.of(e.getMessage()));
    }
    ConsoleSecurityConfiguration.start(caller, request, response, sessions);
    return "redirect:/console";
  }

  @RequestMapping("/console/denied")
  String denied() {
    return "console/denied";
  }

  private String page(Model model, Optional<String> problem) {
    model.addAttribute("problem", problem.orElse(null));
    model.addAttribute("providers", providers.providers());
    model.addAttribute("localLinks", trusted.local().isPresent());
    return "console/signin";
  }
}
