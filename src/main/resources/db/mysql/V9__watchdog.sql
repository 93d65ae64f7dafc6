-- The watchdog. A job's overdue episode lives on its row, so that the node that sees it begin
-- (or end) is the only one that tells anyone, across restarts and nodes: overdue_since is set
-- and cleared with a conditional UPDATE, and only the node whose UPDATE changed the row notifies.
-- overdue_due is the firing that was not met. watch_from is when a resume restarted the watch
-- (firings missed while paused are not the job's fault).
ALTER TABLE cb_jobs ADD COLUMN overdue_since BIGINT NULL;
ALTER TABLE cb_jobs ADD COLUMN overdue_due BIGINT NULL;
ALTER TABLE cb_jobs ADD COLUMN watch_from BIGINT NULL;

-- Notifications and how their delivery went: one row per event sent to one hook, updated after
-- each try. run_id is null for an overdue episode without a run.
CREATE TABLE cb_notifications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job VARCHAR(64) NOT NULL,
  run_id BIGINT NULL,
  event VARCHAR(16) NOT NULL,
  target VARCHAR(1000) NOT NULL,
  state VARCHAR(16) NOT NULL,
  tries INT NOT NULL DEFAULT 0,
  last_status INT NULL,
  last_error VARCHAR(1000) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cb_notifications_run ON cb_notifications (run_id);
