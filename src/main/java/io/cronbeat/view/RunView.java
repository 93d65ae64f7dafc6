package io.cronbeat.view;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.store.NotificationTable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One run as the CLI's {@code --json}, the HTTP API and the webhook body show it: camelCase,
 * ISO-8601 instants. Never its definition: a triggered run's environment may hold secrets.
 *
 * @param kind scheduled, catch_up, manual, submitted or chain
 * @param scheduledAt the fire time of a scheduled run; null for a triggered or submitted one
 * @param dueAt when it may start (later than scheduledAt after jitter or a retry's backoff)
 * @param attemptCount attempts started so far
 * @param attemptLimit how many attempts it may have: its retries, plus one per attempt lost with its node
 * @param node the node of its last attempt, if any
 * @param attempts its attempts, oldest first
 * @param notifications the notices sent about it and how their delivery went (empty where not read, e.g. a job's last run)
 * @param waiting why it is due and still queued ("waiting for a node with role=backup", "waiting for group
 *     db-heavy (2/2 running)"), or null
 * @param upstreamRunId for a run a chain queued (kind chain), the upstream run whose end queued it; else null
 */
public record RunView(long id, String job, String kind, String state, Instant scheduledAt, Instant dueAt,
    Instant startedAt, Instant finishedAt, int attemptCount, int attemptLimit, Integer exitCode, String reason,
    String node, List<AttemptView> attempts, List<NotificationTable.Delivery> notifications, String waiting,
    Long upstreamRunId) {

  public static RunView of(Run run, List<Attempt> attempts) {
    String node = attempts.isEmpty() ? run.nodeId() : attempts.get(attempts.size() - 1).nodeId();
    return new RunView(run.id(), run.job(), run.kind().name().toLowerCase(Locale.ROOT), run.state().name(), run.scheduledAt(),
        run.dueAt(), run.startedAt(), run.finishedAt(), run.attempts(), run.attemptLimit(), run.exitCode(), run.reason(), node,
        attempts.stream().map(AttemptView::of).toList(), List.of(), null, run.upstreamRunId());
  }

  public RunView withNotifications(List<NotificationTable.Delivery> sent) {
    return new RunView(id, job, kind, state, scheduledAt, dueAt, startedAt, finishedAt, attemptCount, attemptLimit, exitCode,
        reason, node, attempts, List.copyOf(sent), waiting, upstreamRunId);
  }

  public RunView waiting(String why) {
    return new RunView(id, job, kind, state, scheduledAt, dueAt, startedAt, finishedAt, attemptCount, attemptLimit, exitCode,
        reason, node, attempts, notifications, why, upstreamRunId);
  }
}
