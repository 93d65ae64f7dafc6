-- Fencing and orphan clean-up. A claim's token is (run id, attempt number): attempts only grows,
-- so every claim has its own. lost_attempts counts attempts lost with their node, which do not
-- use up the job's retries. An attempt records where its process group lives, so that a node
-- on the same host can stop what a dead or stale node left running, and says what it did.
ALTER TABLE cb_runs ADD COLUMN lost_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE cb_attempts ADD COLUMN host VARCHAR(255) NULL;
ALTER TABLE cb_attempts ADD COLUMN boot_id VARCHAR(64) NULL;
ALTER TABLE cb_attempts ADD COLUMN process_group BIGINT NULL;
ALTER TABLE cb_attempts ADD COLUMN process_started_at BIGINT NULL;
ALTER TABLE cb_attempts ADD COLUMN reason VARCHAR(1000) NULL;
ALTER TABLE cb_attempts ADD COLUMN cleanup VARCHAR(1000) NULL;
ALTER TABLE cb_nodes ADD COLUMN boot_id VARCHAR(64) NULL;
ALTER TABLE cb_nodes ADD COLUMN process_started_at BIGINT NULL;
