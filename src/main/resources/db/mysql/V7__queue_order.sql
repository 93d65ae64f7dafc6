-- The due query reads queued runs in (due_at, id) order with a LIMIT. With id in the index the
-- database reads just the first rows off it; without, H2 sorted every queued run of the same
-- due time (a backlog of 20,000) on every claim pass. (InnoDB appends the key anyway; the same
-- index everywhere keeps the dialects alike.)
DROP INDEX cb_runs_due ON cb_runs;
CREATE INDEX cb_runs_queue ON cb_runs (state, due_at, id);
