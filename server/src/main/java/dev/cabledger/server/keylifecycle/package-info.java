/**
 * Approver-held keys and the ends of keys: enrolment with proof of possession, approval by a
 * platform admin other than the owner, retirement and compromise (docs/workflow.md, "Approver
 * keys"). The registry itself, and its rows, are the {@code keys} package's.
 */
@NullMarked
package dev.cabledger.server.keylifecycle;

import org.jspecify.annotations.NullMarked;
