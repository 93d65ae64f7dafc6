-- The watchdog asks for each watched job's newest success: with (job, state, scheduled_at,
-- due_at) that is one probe at the end of the job's SUCCEEDED entries, read off the index alone,
-- instead of reading every run of the job (history keeps up to 1,000 of each) from the table.
CREATE INDEX cb_runs_success ON cb_runs (job, state, scheduled_at, due_at);

-- A schedule may be 1,000 characters (the parser's cap) and is stored with its dialect in front
-- ("spring: ..."): Quartz's 512-character column refused such a job at sync (or, without strict
-- mode, cut it short).
ALTER TABLE QRTZ_SIMPROP_TRIGGERS MODIFY STR_PROP_1 VARCHAR(1024) NULL;
