/**
 * What every workflow feature shares about a change: its signed history (read from the log through
 * the change index), the policy it is assessed under, the projection written with each of its
 * entries, and the check of its entries' signatures and inclusion proofs. Below the features
 * ({@code changes}, {@code decisions}, {@code exceptions}, {@code evidence}, {@code gate}), which
 * do not use each other.
 */
@NullMarked
package dev.cabledger.server.workflow;

import org.jspecify.annotations.NullMarked;
