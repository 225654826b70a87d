/**
 * Who is calling: the {@link dev.cabledger.server.access.Caller}, its roles and client (tenant)
 * scope. Below every feature, so any of them can ask without depending on how tokens are checked.
 */
@NullMarked
package dev.cabledger.server.access;

import org.jspecify.annotations.NullMarked;
