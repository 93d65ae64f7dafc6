package io.cronbeat.http;

import io.cronbeat.dispatch.RunService;
import io.cronbeat.dispatch.RunViews;
import java.time.Duration;

/**
 * What the JSON API calls: the run service the CLI calls too, and the store's views. No SQL here.
 *
 * @param lease the node lease: a node silent for longer is shown as not alive
 * @param queueLimit queued runs beyond which submits and triggers get 429 ({@code http.queue-limit})
 */
public record Api(RunService service, RunViews views, Duration lease, int queueLimit) {}
