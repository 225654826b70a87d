/**
 * RFC 9162 §2.1 Merkle tree hashing, proof planning over stored subtree nodes, and verification.
 */
@NullMarked
package dev.cabledger.core.merkle;

import org.jspecify.annotations.NullMarked;
