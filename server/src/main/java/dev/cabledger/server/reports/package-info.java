/**
 * Compliance reports ({@code GET /api/cab/report}, {@code cab-ledger report}): the changes,
 * decisions, exceptions, ended approvals and blocked gate answers of a period, each read from its
 * signed entry and verified (signatures and inclusion under one checkpoint) as the report streams
 * over the period; the report's bytes are stored under their SHA-256, signed through a logged
 * {@code REPORT_GENERATED} entry, and fetched again by id (docs/reports.md).
 */
@NullMarked
package dev.cabledger.server.reports;

import org.jspecify.annotations.NullMarked;
