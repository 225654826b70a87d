/** DSSE envelopes over in-toto Statement v1 payloads carrying CAB Ledger audit events. */
@NullMarked
package dev.cabledger.core.dsse;

import org.jspecify.annotations.NullMarked;
