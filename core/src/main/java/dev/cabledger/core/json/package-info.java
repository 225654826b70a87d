/** RFC 8785 JSON Canonicalization Scheme (JCS) over Jackson trees, and strict JSON parsing. */
@NullMarked
package dev.cabledger.core.json;

import org.jspecify.annotations.NullMarked;
