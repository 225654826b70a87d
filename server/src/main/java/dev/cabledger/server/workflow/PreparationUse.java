package dev.cabledger.server.workflow;

import dev.cabledger.server.ledger.EntryProjection;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A preparation's part of a signed decision's append: checked under the append lock, and again as
 * the entry is written (an earlier entry of the same batch may have used it), then used up, so a
 * preparation is appended once across requests and instances.
 *
 * @param preparations where preparations are kept
 * @param preparedId the preparation signed
 * @param subject who signs it
 */
record PreparationUse(PreparedStatements preparations, UUID preparedId, String subject)
    implements EntryProjection {

  @Override
  public void check(JdbcTemplate jdbc) {
    preparations.check(jdbc, preparedId, subject);
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    check(jdbc);
    preparations.markUsed(jdbc, preparedId);
  }
}
