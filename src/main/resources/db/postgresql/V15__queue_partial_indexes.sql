-- The queue index holds queued runs only; running runs have their own, keyed by id.
-- A claim and a run's end change its state, and PostgreSQL keeps the old version's index entry
-- until the table is vacuumed. With one (state, due_at, id) index over every state, the planner
-- (which counts live rows only, and keeps a prepared statement's plan made while the table was
-- nearly empty) found a run by id through "state = 'RUNNING'" alone, reading every dead entry of
-- that state: with autovacuum off, after 50 s of 600 runs a second each end of a run read about
-- 240 pages instead of 3, and the no-op runs started up to 0.9 s late. Now a statement about one
-- running run has the primary key or cb_runs_running, both searched by id. (The claim compares
-- the due time for equality, so either index it may take finds the run's own entry: ClaimBatch.)
-- IF EXISTS and IF NOT EXISTS: a store whose record of this migration was lost runs it again.
DROP INDEX IF EXISTS cb_runs_queue;
CREATE INDEX cb_runs_queue ON cb_runs (due_at, id) WHERE state = 'QUEUED';
CREATE INDEX IF NOT EXISTS cb_runs_running ON cb_runs (id) WHERE state = 'RUNNING';
