package dev.ketch.store;

import java.util.List;

/**
 * @param revision the revision the transaction created, or the current revision if it wrote
 *     nothing; 0 for a transaction nested in another, whose response header etcd leaves empty
 * @param succeeded whether the comparisons held
 * @param responses one response per operation of the branch that ran, in order
 */
public record TxnResponse(long revision, boolean succeeded, List<OpResponse> responses)
    implements OpResponse {

  public TxnResponse {
    responses = List.copyOf(responses);
  }
}
