-- The due query reads queued runs in (due_at, id) order with a LIMIT. With id in the index the
-- database reads just the first rows off it; without, H2 sorted every queued run of the same
-- due time (a backlog of 20,000) on every claim pass.
DROP INDEX cb_runs_due;
CREATE INDEX cb_runs_queue ON cb_runs (state, due_at, id);
