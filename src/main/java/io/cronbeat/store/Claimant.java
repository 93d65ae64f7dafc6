package io.cronbeat.store;

import java.time.Instant;

/**
 * A node claiming runs, and where: the host and boot let a later node on the same machine find
 * and stop what an attempt of this one left running.
 */
public record Claimant(String nodeId, String host, String bootId, Instant now, Instant leaseUntil) {}
