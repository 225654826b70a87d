package dev.cabledger.core.bundle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.event.KeyEnrolmentRejected;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.event.KeyPurpose;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.registry.RegisteredKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key registry as the log establishes it (docs/formats.md §6): built from the KEY_* entries the
 * verifier has accepted, in log order. It is what a verifier trusts beside the pinned log key; a
 * registry handed to it is only compared with it.
 */
final class LogRegistry {
  /** A key the log established, with the entries that did so and the entries it signed. */
  static final class Established {
    RegisteredKey key;
    final long registeredAt;

    /** The latest KEY_RETIRED or KEY_COMPROMISED entry of the key, or -1. */
    long endedAt = -1;

    /**
     * The index and {@code created_at} (epoch milliseconds) of every entry the key signed that
     * counted when it was read, in log order: a retirement or compromise logged later reaches back
     * to those made after the key's end, which only these tell. 16 bytes a signature.
     */
    private long[] signedIndex = new long[4];

    private long[] signedAt = new long[4];
    private int signed;

    Established(RegisteredKey key, long registeredAt) {
      this.key = key;
      this.registeredAt = registeredAt;
    }

    void signedEntry(long index, Instant createdAt) {
      if (signed == signedIndex.length) {
        signedIndex = Arrays.copyOf(signedIndex, signed * 2);
        signedAt = Arrays.copyOf(signedAt, signed * 2);
      }
      signedIndex[signed] = index;
      signedAt[signed] = createdAt.toEpochMilli();
      signed++;
    }

    /**
     * The entries up to the key's end entry that it signed when it counted and that its state now
     * (retired, compromised) no longer accepts; empty if none.
     */
    Optional<Revoked> revokedSignatures() {
      long count = 0;
      long first = -1;
      long last = -1;
      String why = "";
      for (int i = 0; i < signed && signedIndex[i] <= endedAt; i++) {
        Optional<String> invalid = key.whyNotValidAt(Instant.ofEpochMilli(signedAt[i]));
        if (invalid.isPresent()) {
          count++;
          if (first < 0) {
            first = signedIndex[i];
            why = invalid.get();
          }
          last = signedIndex[i];
        }
      }
      return count == 0 ? Optional.empty() : Optional.of(new Revoked(count, first, last, why));
    }
  }

  /**
   * Signatures a later entry took back: how many, the first and last entry, and why the first one
   * no longer counts.
   */
  record Revoked(long count, long first, long last, String firstWhy) {}

  private final Map<KeyId, Established> keys = new LinkedHashMap<>();

  /** Who asked to enrol each key (KEY_ENROLMENT_REQUESTED): its owners as they named themselves. */
  private final Map<KeyId, Set<String>> enrolments = new HashMap<>();

  Optional<Established> find(KeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  Iterable<Established> all() {
    return keys.values();
  }

  /** Establishes a registered key; false if the log registered this id before. */
  boolean register(KeyRegistered r, long index) {
    if (keys.containsKey(r.keyId())) {
      return false;
    }
    keys.put(r.keyId(), new Established(r.toRegisteredKey(), index));
    return true;
  }

  void requestEnrolment(KeyEnrolmentRequested r) {
    enrolments.computeIfAbsent(r.keyId(), k -> new HashSet<>()).add(r.owner());
  }

  /** Keys whose enrolment a KEY_ENROLMENT_REJECTED turned down. */
  private final Set<KeyId> rejected = new HashSet<>();

  void rejectEnrolment(KeyEnrolmentRejected r) {
    rejected.add(r.keyId());
  }

  /** Whether an earlier entry turned down the key's enrolment. */
  boolean enrolmentRejected(KeyId id) {
    return rejected.contains(id);
  }

  /** Whether {@code owner} asked to enrol the key earlier in the log. */
  boolean enrolmentRequested(KeyId id, String owner) {
    return enrolments.getOrDefault(id, Set.of()).contains(owner);
  }

  /** The key's validity ends at {@code validTo}, as the entry at {@code index} says. */
  void retire(Established e, Instant validTo, long index) {
    e.endedAt = index;
    e.key = e.key.retired(validTo);
  }

  /** The key is compromised since {@code since}, as the entry at {@code index} says. */
  void compromise(Established e, Instant since, long index) {
    e.endedAt = index;
    e.key = e.key.compromised(since);
  }

  static boolean isPurpose(RegisteredKey key, KeyPurpose purpose) {
    return key.purpose().equals(purpose.json());
  }
}
