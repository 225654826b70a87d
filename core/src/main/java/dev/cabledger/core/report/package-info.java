/**
 * Reports as an auditor receives them: the report's bytes and its detached signature, the signed
 * {@code REPORT_GENERATED} statement that names their SHA-256 (docs/reports.md).
 */
@NullMarked
package dev.cabledger.core.report;

import org.jspecify.annotations.NullMarked;
