-- The watchdog asks for each watched job's newest success: with (job, state, scheduled_at,
-- due_at) that is one probe at the end of the job's SUCCEEDED entries, read off the index alone,
-- instead of reading every run of the job (history keeps up to 1,000 of each) from the table.
CREATE INDEX cb_runs_success ON cb_runs (job, state, scheduled_at, due_at);
