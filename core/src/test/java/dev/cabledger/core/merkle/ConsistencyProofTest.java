package dev.cabledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyProofTest {
  private static final List<Digest> LEAVES = leaves(40);

  @Test
  void verify_oneHashTooMany_namesTheLengthNeeded() {
    for (int m = 1; m < LEAVES.size(); m++) {
      for (int n = m + 1; n <= LEAVES.size(); n++) {
        ConsistencyProof proof = proof(m, n);
        List<Digest> extra = new ArrayList<>(proof.hashes());
        extra.add(LEAVES.getFirst());

        int needed = proof.hashes().size();
        int m0 = m;
        int n0 = n;
        assertThatThrownBy(() -> new ConsistencyProof(m0, n0, extra).verify(root(m0), root(n0)))
            .as("from %d to %d", m, n)
            .isInstanceOf(VerificationException.class)
            .hasMessageContaining("has " + (needed + 1) + " hashes, more than the " + needed);
      }
    }
  }

  @Test
  void verify_oneHashTooFew_namesTheLengthNeeded() {
    for (int m = 1; m < LEAVES.size(); m++) {
      for (int n = m + 1; n <= LEAVES.size(); n++) {
        ConsistencyProof proof = proof(m, n);
        int needed = proof.hashes().size();
        if (needed < 2) {
          continue;
        }
        List<Digest> fewer = proof.hashes().subList(0, needed - 1);

        int m0 = m;
        int n0 = n;
        assertThatThrownBy(() -> new ConsistencyProof(m0, n0, fewer).verify(root(m0), root(n0)))
            .as("from %d to %d", m, n)
            .isInstanceOf(VerificationException.class)
            .hasMessageContaining("has " + (needed - 1) + " hashes, fewer than the " + needed);
      }
    }
  }

  private static ConsistencyProof proof(long m, long n) {
    return new ConsistencyProof(
        m,
        n,
        ConsistencyProof.plan(m, n)
            .resolve(
                id -> MerkleTree.root(LEAVES.subList((int) id.firstLeaf(), (int) id.endLeaf()))));
  }

  private static Digest root(long size) {
    return MerkleTree.root(LEAVES.subList(0, (int) size));
  }

  private static List<Digest> leaves(int n) {
    List<Digest> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleHash.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return leaves;
  }
}
