package dev.cabledger.server.reports;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a report covers: a period, the clients, and the filters, checked before anything is read or
 * written.
 *
 * @param from the start of the period (included)
 * @param to the end of the period (excluded)
 * @param period the period in words, as the article's {@code period}
 * @param client the one client asked for, if any
 * @param clients the clients a caller limited to its scope covers when it names none (sorted);
 *     empty together with {@code client} for a caller who sees every client
 * @param riskLevel only changes of this risk (as their signed submission states it)
 * @param approver only this approver's decisions
 * @param format what the report is written as
 */
public record ReportQuery(
    Instant from,
    Instant to,
    String period,
    Optional<ClientId> client,
    List<ClientId> clients,
    Optional<Risk> riskLevel,
    Optional<String> approver,
    ReportFormat format) {
  /** The period when neither {@code days} nor {@code from} is given: the article's default. */
  static final int DEFAULT_DAYS = 90;

  /** The longest period {@code days} takes: ten years, beyond the records' retention. */
  static final int MAX_DAYS = 3650;

  /** At most this many clients are named in a report's entry (the catalog's list limit). */
  static final int MAX_CLIENTS = 64;

  private static final Pattern DAYS = Pattern.compile("[0-9]{1,6}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern NAME = Pattern.compile("\\P{Cntrl}{1,256}");

  public ReportQuery {
    clients = List.copyOf(clients);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a report's period must end after it starts");
    }
    if (client.isPresent() && !clients.isEmpty()) {
      throw new IllegalArgumentException("a report covers one client or the clients in scope");
    }
  }

  /**
   * The query a request's parameters ask for (each absent when not given), as strings so that every
   * bad value is named.
   *
   * @param scope whose records the caller may see
   * @param moment the moment {@code days} counts back from, and {@code to}'s default
   * @throws InvalidInputException naming the parameter that is wrong and what it must be
   * @throws NotVisibleException when {@code client} is outside the scope, or the scope holds no
   *     client at all: the same 404 as for any record of a client the caller does not see
   */
  public static ReportQuery of(
      Optional<String> client,
      Optional<String> days,
      Optional<String> from,
      Optional<String> to,
      Optional<String> riskLevel,
      Optional<String> approver,
      Optional<String> format,
      ReportScope scope,
      Instant moment) {
    // Statements keep times to the millisecond; so does the period they record.
    Instant now = moment.truncatedTo(ChronoUnit.MILLIS);
    Instant end;
    Instant start;
    String period;
    if (days.isPresent() && (from.isPresent() || to.isPresent())) {
      throw new InvalidInputException("give days, or from (and to), not both");
    }
    if (from.isEmpty() && to.isPresent()) {
      throw new InvalidInputException("to needs from: the period is from (included) to (excluded)");
    }
    if (from.isPresent()) {
      start = moment(from.get(), "from", false);
      end = to.isEmpty() ? now : moment(to.get(), "to", true);
      if (!start.isBefore(end)) {
        throw new InvalidInputException(
            "from (" + start + ") must be before to (" + end + "), which is excluded");
      }
      period = start + " to " + end;
    } else {
      int n = days.map(ReportQuery::days).orElse(DEFAULT_DAYS);
      end = now;
      start = now.minus(Duration.ofDays(n));
      period = "Last " + n + (n == 1 ? " day" : " days");
    }
    Optional<ClientId> named = client.map(ReportQuery::client);
    List<ClientId> covered = List.of();
    if (named.isPresent()) {
      if (!scope.sees(named.get())) {
        throw new NotVisibleException("no client " + named.get());
      }
    } else if (!scope.allClients()) {
      if (scope.clients().isEmpty()) {
        throw new NotVisibleException("no client is in the caller's scope");
      }
      if (scope.clients().size() > MAX_CLIENTS) {
        throw new InvalidInputException(
            "client is required: the caller's scope holds more than " + MAX_CLIENTS + " clients");
      }
      covered = scope.clients().stream().sorted().map(ClientId::new).toList();
    }
    return new ReportQuery(
        start,
        end,
        period,
        named,
        covered,
        riskLevel.map(ReportQuery::risk),
        approver.map(ReportQuery::approver),
        format.map(ReportFormat::parse).orElse(ReportFormat.JSON));
  }

  /** Whether the report covers records of this client. */
  boolean covers(ClientId c) {
    return client.map(c::equals).orElse(clients.isEmpty() || clients.contains(c));
  }

  /** Whether the period holds this moment. */
  boolean holds(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }

  /** Whether the query names an approver other than {@code who}. */
  boolean excludesApprover(String who) {
    return approver.isPresent() && !approver.get().equals(who);
  }

  private static int days(String value) {
    if (!DAYS.matcher(value).matches()) {
      throw new InvalidInputException(
          "days must be a whole number of days from 1 to " + MAX_DAYS + ", not \"" + value + "\"");
    }
    int n = Integer.parseInt(value);
    if (n < 1 || n > MAX_DAYS) {
      throw new InvalidInputException("days must be from 1 to " + MAX_DAYS + ", not " + n);
    }
    return n;
  }

  /**
   * An ISO date (the day's start, UTC; as an end, the next day's start, so that the day is in the
   * period) or an RFC 3339 instant.
   */
  private static Instant moment(String value, String name, boolean end) {
    try {
      if (DATE.matcher(value).matches()) {
        LocalDate day = LocalDate.parse(value);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidInputException(
          name
              + " must be a date (2026-04-01) or an RFC 3339 time (2026-04-01T00:00:00Z), not \""
              + value
              + "\"");
    }
  }

  private static ClientId client(String value) {
    try {
      return new ClientId(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("client: " + e.getMessage());
    }
  }

  private static Risk risk(String value) {
    for (Risk r : Risk.values()) {
      if (r.json().equals(value)) {
        return r;
      }
    }
    throw new InvalidInputException(
        "riskLevel must be one of low, medium, high, critical, not \"" + value + "\"");
  }

  private static String approver(String value) {
    if (!NAME.matcher(value).matches() || value.isBlank()) {
      throw new InvalidInputException(
          "approver must be 1 to 256 characters without control characters");
    }
    return value;
  }
}
