-- Chains (a job's after:). A run queued by an upstream run names it in upstream_run_id, and the
-- unique key makes that once per (downstream job, upstream run): it is written in the transaction
-- that records the upstream's final state, so a crash loses or repeats neither.
-- with_downstream: a manual trigger asked for its job's downstream jobs (trigger --with-downstream);
-- firings, catch-up and chained runs always lead on to theirs.
ALTER TABLE cb_runs ADD COLUMN upstream_run_id BIGINT NULL;
ALTER TABLE cb_runs ADD COLUMN with_downstream BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX cb_runs_upstream ON cb_runs (job, upstream_run_id);

-- The edges as the last sync declared them: downstream runs after upstream. need is ALL or ANY,
-- on_state SUCCESS, FAILURE or FINISHED (the same for every upstream of one downstream job).
CREATE TABLE cb_chain_edges (
  downstream VARCHAR(64) NOT NULL,
  upstream VARCHAR(64) NOT NULL,
  need VARCHAR(8) NOT NULL,
  on_state VARCHAR(16) NOT NULL,
  PRIMARY KEY (downstream, upstream)
);
CREATE INDEX cb_chain_edges_upstream ON cb_chain_edges (upstream);

-- For after: {all: [...]}: the newest counting run of each upstream job since the downstream job
-- was last queued by it. Read and written with the downstream job's cb_jobs row locked.
CREATE TABLE cb_chain_waiting (
  downstream VARCHAR(64) NOT NULL,
  upstream VARCHAR(64) NOT NULL,
  run_id BIGINT NOT NULL,
  PRIMARY KEY (downstream, upstream)
);
