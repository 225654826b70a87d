/** ML-DSA-65 (FIPS 204) keys, signing, verification and PEM key files, on the JDK's provider. */
@NullMarked
package dev.cabledger.core.sign;

import org.jspecify.annotations.NullMarked;
