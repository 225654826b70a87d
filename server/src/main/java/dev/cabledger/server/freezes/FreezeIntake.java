package dev.cabledger.server.freezes;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.freeze.CronExpression;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/freezes}; absent members arrive as null and are reported by name.
 *
 * @param clients the clients (tenants) the freeze holds
 * @param environments the environments it holds
 * @param start a one-off freeze's start (RFC 3339)
 * @param end a one-off freeze's end (RFC 3339), after its start and not yet passed
 * @param cron when a recurring freeze's windows start: a 5-field cron expression, in {@code
 *     timeZone}
 * @param duration how long each window of a recurring freeze lasts (ISO 8601, such as {@code PT8H})
 * @param timeZone the IANA time zone a recurring freeze's cron expression reads
 * @param reason why
 */
record FreezeIntake(
    @Nullable List<String> clients,
    @Nullable List<String> environments,
    @Nullable String start,
    @Nullable String end,
    @Nullable String cron,
    @Nullable String duration,
    @Nullable String timeZone,
    @Nullable String reason) {
  private static final Pattern NAME = Pattern.compile("\\P{Cntrl}{1,256}");
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  /**
   * The freeze asked for, checked member by member.
   *
   * @param id the new freeze's id
   * @param now the moment of the request: a one-off freeze must not have ended by then
   * @throws InvalidInputException naming the member that is wrong
   */
  FreezeDeclared freeze(UUID id, Instant now) {
    List<String> clientNames = names(clients, "clients", 128);
    List<String> environmentNames = names(environments, "environments", 256);
    FreezeWindow window = window(now);
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason is required: why changes are frozen");
    }
    if (reason.length() > EventLimits.MAX_STRING_LENGTH) {
      throw new InvalidInputException(
          "reason has "
              + reason.length()
              + " characters; at most "
              + EventLimits.MAX_STRING_LENGTH);
    }
    return new FreezeDeclared(
        id, clientNames.stream().map(ClientId::new).toList(), environmentNames, window, reason);
  }

  private FreezeWindow window(Instant now) {
    boolean oneOff = start != null || end != null;
    boolean recurring = cron != null || duration != null || timeZone != null;
    if (oneOff && recurring) {
      throw new InvalidInputException(
          "give either start and end (a one-off freeze) or cron, duration and timeZone (a"
              + " recurring one), not both");
    }
    if (oneOff) {
      Instant from = time(start, "start", "end");
      Instant until = time(end, "end", "start");
      if (!until.isAfter(from)) {
        throw new InvalidInputException("end must be after start");
      }
      if (!until.isAfter(now)) {
        throw new InvalidInputException(
            "end " + until + " has passed: a freeze that has ended holds nothing");
      }
      return new FreezeWindow.OneOff(from, until);
    }
    if (cron == null || duration == null || timeZone == null) {
      throw new InvalidInputException(
          recurring
              ? "cron, duration and timeZone are required together (a recurring freeze)"
              : "start and end (a one-off freeze), or cron, duration and timeZone (a recurring"
                  + " one), are required: when the freeze holds");
    }
    CronExpression expression;
    try {
      expression = CronExpression.parse(cron);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cron: " + e.getMessage());
    }
    if (!ZONES.contains(timeZone)) {
      throw new InvalidInputException(
          "timeZone \"" + timeZone + "\" is not an IANA time zone id, such as Europe/Berlin");
    }
    try {
      return new FreezeWindow.Recurring(expression, duration, ZoneId.of(timeZone));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  /** A time as the log writes it, with an offset and at most to the millisecond. */
  private static Instant time(@Nullable String value, String name, String other) {
    if (value == null) {
      throw new InvalidInputException(name + " is required with " + other + " (a one-off freeze)");
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name + " must be an RFC 3339 time like 2026-12-20T00:00:00Z, not \"" + value + "\"");
    }
    if (at.getNano() % 1_000_000 != 0) {
      throw new InvalidInputException(name + " is precise to the millisecond at most");
    }
    return at;
  }

  private static List<String> names(@Nullable List<String> values, String name, int longest) {
    if (values == null || values.isEmpty()) {
      throw new InvalidInputException(name + " is required: a list of at least one name");
    }
    if (values.size() > EventLimits.MAX_MEMBERS) {
      throw new InvalidInputException(
          name + " has " + values.size() + " names; at most " + EventLimits.MAX_MEMBERS);
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (v == null || v.isBlank() || v.length() > longest || !NAME.matcher(v).matches()) {
        throw new InvalidInputException(
            name
                + " holds a value that is not 1 to "
                + longest
                + " characters without control"
                + " characters");
      }
      if (out.contains(v)) {
        throw new InvalidInputException(name + " names \"" + v + "\" twice");
      }
      out.add(v);
    }
    return out;
  }
}
