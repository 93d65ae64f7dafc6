/**
 * What a run is, independent of where it is kept: a run of a job ({@link io.cronbeat.run.Run}),
 * why it exists ({@link io.cronbeat.run.RunKind}), where it is in its life
 * ({@link io.cronbeat.run.RunState}), its attempts ({@link io.cronbeat.run.Attempt}) and the job
 * as it runs ({@link io.cronbeat.run.JobSpec}). The store persists these; the dispatcher, the CLI,
 * the API and the views read them from here, so that they need not import the store for its values.
 */
package io.cronbeat.run;
