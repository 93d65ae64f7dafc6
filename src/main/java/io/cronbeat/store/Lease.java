package io.cronbeat.store;

/**
 * The fencing token of one claim: a run is owned by the node that claimed it for as long as the
 * run is RUNNING with this attempt number. Every claim raises the attempt number, so a node that
 * lost its run (its lease ran out and a peer took it over) holds a token that matches nothing.
 */
public record Lease(long runId, int attempt, String nodeId) {

  @Override
  public String toString() {
    return "run=" + runId + " attempt=" + attempt + " node=" + nodeId;
  }
}
