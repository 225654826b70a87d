/** C2SP tlog-checkpoint bodies, signed and verified as C2SP signed notes with ML-DSA-65. */
@NullMarked
package dev.cabledger.core.checkpoint;

import org.jspecify.annotations.NullMarked;
