/**
 * Freeze (blackout) windows, pure: one-off windows and recurring ones given by a 5-field cron
 * expression, a duration and a time zone, with the rule for daylight-saving changes that the gate
 * and the offline verifier share (docs/formats.md §2.1).
 */
@NullMarked
package dev.cabledger.core.freeze;

import org.jspecify.annotations.NullMarked;
