package io.cronbeat.dispatch;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.exec.Executor;
import io.cronbeat.notify.Notifier;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.RunLeases;
import io.cronbeat.store.RunQueue;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.DoubleSupplier;

/**
 * What the dispatcher and its attempts share, wired once by the node.
 *
 * @param queue the runs waiting and running, all nodes'
 * @param history the runs and attempts as recorded
 * @param executor what carries out every attempt of this node
 * @param clock the database's clock as this node knows it: leases are compared across nodes
 * @param logDir where attempt logs go: {@code LOGDIR/JOB/RUN-ATTEMPT.log}
 * @param random jitter for backoff and start delays
 * @param events told of what the node did to runs, once the store has it (the node's metrics)
 * @param cluster this node's labels (the jobs it may run) and the concurrency group limits it claims under
 */
public record DispatchContext(
    String nodeId, Host host, CronbeatConfig.Node settings, RunQueue queue, RunHistory history, RunLeases leases,
    JobTable jobs, Executor executor, Notifier notifier, Clock clock, Path logDir, DoubleSupplier random, RunEvents events,
    CronbeatConfig.Cluster cluster) {}
