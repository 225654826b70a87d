/** The cab-ledger command line: serve, verify, keys, bench. */
@NullMarked
package dev.cabledger.cli;

import org.jspecify.annotations.NullMarked;
