package dev.cabledger.server.templates;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.workflow.ApprovedTemplates;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.LogState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads templates: the projection finds their entries, and each entry counts only if its signatures
 * and inclusion proof verify under the latest checkpoint, read from its signed bytes. What the
 * intake, the gate and the apply check weigh ({@link ApprovedTemplates}).
 */
@Component
final class TemplateStore implements ApprovedTemplates {
  private static final Logger log = LoggerFactory.getLogger(TemplateStore.class);

  private final JdbcTemplate jdbc;
  private final ChangeVerifier verifier;
  private final LogReader reader;

  TemplateStore(JdbcTemplate jdbc, ChangeVerifier verifier, LogReader reader) {
    this.jdbc = jdbc;
    this.verifier = verifier;
    this.reader = reader;
  }

  @Override
  public Templates of(ClientId client) {
    return new Templates(
        read(
            "SELECT e.idx, e.entry FROM change_template t JOIN ledger_entry e ON e.idx = t.entry_idx"
                + " WHERE t.client = ? ORDER BY t.entry_idx",
            client.value()));
  }

  /** The entries of the templates of these clients (every client if empty), in log order. */
  Templates ofClients(Optional<List<String>> clients) {
    if (clients.isPresent() && clients.get().isEmpty()) {
      return Templates.NONE;
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT e.idx, e.entry FROM change_template t JOIN ledger_entry e"
                + " ON e.idx = t.entry_idx WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    clients.ifPresent(
        c -> {
          sql.append(" AND t.client IN (")
              .append(String.join(", ", c.stream().map(x -> "?").toList()))
              .append(")");
          args.addAll(c);
        });
    sql.append(" ORDER BY t.entry_idx");
    return new Templates(read(sql.toString(), args.toArray()));
  }

  /** The clients of the template's definitions (one, unless an id was defined twice). */
  List<String> clientsOf(UUID templateId) {
    return jdbc.queryForList(
        "SELECT client FROM change_template WHERE template_id = ?"
            + " AND event_type = 'CHANGE_TEMPLATE_DEFINED' ORDER BY entry_idx",
        String.class,
        templateId.toString());
  }

  /** The verified entries the query finds; one that does not verify is left out and logged. */
  private List<LoggedEvent> read(String sql, Object... args) {
    Map<Long, byte[]> entries = new LinkedHashMap<>();
    jdbc.query(
        sql,
        rs -> {
          entries.put(rs.getLong(1), rs.getBytes(2));
        },
        args);
    if (entries.isEmpty()) {
      return List.of();
    }
    LogState state = verifier.state();
    List<Long> covered =
        entries.keySet().stream().filter(i -> i < state.checkpoint().size()).toList();
    Map<Long, Optional<InclusionProof>> proofs =
        reader.inclusionProofs(covered, state.checkpoint().size());
    List<LoggedEvent> out = new ArrayList<>();
    entries.forEach(
        (index, bytes) -> {
          CheckedEntry checked =
              verifier.check(index, bytes, state, proofs.getOrDefault(index, Optional.empty()));
          if (checked.verified() && checked.statement().isPresent()) {
            out.add(new LoggedEvent(index, checked.statement().get()));
          } else {
            log.warn("Template entry {} does not verify: {}", index, checked.problems());
          }
        });
    return out;
  }
}
