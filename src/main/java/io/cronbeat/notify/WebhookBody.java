package io.cronbeat.notify;

import java.util.Locale;

/**
 * The JSON a webhook receives (documented in the README): camelCase, instants in ISO-8601, null
 * where a field does not apply.
 *
 * @param link the run in the node's JSON API, or null without a run or an endpoint
 */
record WebhookBody(String event, String job, Long runId, Integer attempt, String state, Integer exitCode, Long durationMs,
    String outputTail, String scheduledAt, String overdueSince, String node, String link) {

  static WebhookBody of(Notice notice, String link) {
    return new WebhookBody(notice.event().name().toLowerCase(Locale.ROOT), notice.job(), notice.runId(), notice.attempt(),
        notice.state(), notice.exitCode(), notice.duration() == null ? null : notice.duration().toMillis(), notice.outputTail(),
        notice.scheduledAt() == null ? null : notice.scheduledAt().toString(),
        notice.overdueSince() == null ? null : notice.overdueSince().toString(), notice.node(), link);
  }
}
