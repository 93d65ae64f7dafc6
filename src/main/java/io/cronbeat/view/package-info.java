/**
 * The JSON shapes of cronbeat's things (a run, an attempt, a job, a node), one each, shared by the
 * CLI's {@code --json}, the HTTP API and the webhook body. Values only: no SQL, no rules.
 */
package io.cronbeat.view;
