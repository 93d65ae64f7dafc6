package io.cronbeat.job;

import java.util.Optional;

/**
 * Where and beside what a job's runs may run: on the nodes its selector matches, and within its
 * concurrency group's limit.
 */
public record Placement(NodeSelector nodes, Optional<ConcurrencyGroup> concurrency) {

  public static final Placement ANYWHERE = new Placement(NodeSelector.ANY, Optional.empty());
}
