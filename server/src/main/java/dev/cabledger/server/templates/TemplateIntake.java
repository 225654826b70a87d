package dev.cabledger.server.templates;

import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.workflow.InvalidInputException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/change-templates}; absent members arrive as null and are reported by
 * name.
 *
 * @param client the client (tenant) whose changes it covers
 * @param module the Terraform module or stack
 * @param environment the environment
 * @param maxRisk the highest risk a matching change may have: low, medium, high or critical
 * @param title what such a change does, in one line
 * @param description more about it
 */
record TemplateIntake(
    @Nullable String client,
    @Nullable String module,
    @Nullable String environment,
    @Nullable String maxRisk,
    @Nullable String title,
    @Nullable String description) {
  private static final Pattern NAME = Pattern.compile("\\P{Cntrl}{1,256}");

  /**
   * The template asked for, checked member by member.
   *
   * @throws InvalidInputException naming the member that is wrong
   */
  ChangeTemplateDefined template(UUID id) {
    ClientId clientId;
    try {
      clientId = new ClientId(required(client, "client", "the client whose changes it covers"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("client: " + e.getMessage());
    }
    String m = name(module, "module", "the Terraform module or stack");
    String env = name(environment, "environment", "where such changes are applied");
    String risk = required(maxRisk, "maxRisk", "one of low, medium, high, critical");
    Risk level =
        Arrays.stream(Risk.values())
            .filter(r -> r.json().equals(risk))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "maxRisk must be one of low, medium, high, critical, not \""
                            + risk
                            + "\""));
    String t = text(required(title, "title", "what such a change does"), "title");
    Optional<String> d =
        Optional.ofNullable(description).filter(v -> !v.isBlank()).map(v -> text(v, "description"));
    return new ChangeTemplateDefined(id, clientId, m, env, level, t, d);
  }

  private static String required(@Nullable String value, String name, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(name + " is required: " + what);
    }
    return value;
  }

  private static String name(@Nullable String value, String name, String what) {
    String v = required(value, name, what);
    if (!NAME.matcher(v).matches()) {
      throw new InvalidInputException(
          name + " must be 1 to 256 characters without control characters");
    }
    return v;
  }

  private static String text(String value, String name) {
    if (value.length() > EventLimits.MAX_STRING_LENGTH) {
      throw new InvalidInputException(
          name
              + " has "
              + value.length()
              + " characters; at most "
              + EventLimits.MAX_STRING_LENGTH);
    }
    return value;
  }
}
