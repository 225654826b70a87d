package dev.cabledger.core.merkle;

import dev.cabledger.core.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The stored nodes a proof needs: each proof element is the hash of a leaf range given as its
 * complete subtrees, left to right, folded right to left (h = n_last; h = node(n_i, h) for i from
 * last - 1 down to 0).
 *
 * @param elements one non-empty node list per proof hash, in proof order
 */
public record ProofPlan(List<List<NodeId>> elements) {
  /** Copies the elements into immutable lists and rejects empty elements. */
  public ProofPlan {
    List<List<NodeId>> copy = new ArrayList<>(elements.size());
    for (List<NodeId> element : elements) {
      if (element.isEmpty()) {
        throw new IllegalArgumentException("a proof element needs at least one node");
      }
      copy.add(List.copyOf(element));
    }
    elements = Collections.unmodifiableList(copy);
  }

  /** Every node the plan needs, in proof order, without repeats: the set to fetch. */
  public Set<NodeId> nodes() {
    int count = 0;
    for (List<NodeId> element : elements) {
      count += element.size();
    }
    Set<NodeId> nodes = LinkedHashSet.newLinkedHashSet(count);
    for (List<NodeId> element : elements) {
      nodes.addAll(element);
    }
    return Collections.unmodifiableSet(nodes);
  }

  /**
   * The proof hashes: each element folded from the looked-up node hashes.
   *
   * @param lookup the stored hash of a node; must not return null
   * @throws IllegalStateException if {@code lookup} returns null for a node
   */
  public List<Digest> resolve(Function<NodeId, Digest> lookup) {
    List<Digest> hashes = new ArrayList<>(elements.size());
    for (List<NodeId> element : elements) {
      int i = element.size() - 1;
      Digest h = fetch(lookup, element.get(i));
      while (--i >= 0) {
        h = MerkleHash.node(fetch(lookup, element.get(i)), h);
      }
      hashes.add(h);
    }
    return Collections.unmodifiableList(hashes);
  }

  // The lookup may break its contract (e.g. Map::get); fail with a message naming the node.
  private static Digest fetch(Function<NodeId, Digest> lookup, NodeId node) {
    Digest h = lookup.apply(node);
    if (h == null) {
      throw new IllegalStateException("Merkle node " + node + " is missing from the store");
    }
    return h;
  }
}
