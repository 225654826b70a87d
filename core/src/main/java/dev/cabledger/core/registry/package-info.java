/** The key registry: which public keys may sign what, and whether they still may. */
@NullMarked
package dev.cabledger.core.registry;

import org.jspecify.annotations.NullMarked;
