package io.cronbeat.view;

import java.time.Instant;

/**
 * Why a job is overdue (the watchdog's {@code expect}).
 *
 * @param due the firing that has not succeeded
 * @param since when its grace ran out
 */
public record OverdueView(Instant due, Instant since) {}
