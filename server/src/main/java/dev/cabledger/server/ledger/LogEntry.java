package dev.cabledger.server.ledger;

import java.util.Arrays;

/**
 * One stored log entry: its index and the JCS bytes of its DSSE envelope, exactly as hashed.
 *
 * @param index position in the log, from 0
 * @param bytes the entry bytes (copied on the way in and out)
 */
public record LogEntry(long index, byte[] bytes) {
  public LogEntry {
    if (index < 0) {
      throw new IllegalArgumentException("entry index must be >= 0: " + index);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry e && e.index == index && Arrays.equals(e.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "LogEntry[" + index + ", " + bytes.length + " bytes]";
  }
}
