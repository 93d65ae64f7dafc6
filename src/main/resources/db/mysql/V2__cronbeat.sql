-- cronbeat's own tables. Times are epoch milliseconds (BIGINT): exact, and the same in every database.

CREATE TABLE cb_jobs (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  definition MEDIUMTEXT NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  schedule_fingerprint VARCHAR(64) NOT NULL,
  enabled BOOLEAN NOT NULL,
  paused BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE cb_runs (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  scheduled_at BIGINT NULL,
  state VARCHAR(16) NOT NULL,
  due_at BIGINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  max_attempts INT NOT NULL,
  node_id VARCHAR(100) NULL,
  lease_until BIGINT NULL,
  cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL,
  started_at BIGINT NULL,
  finished_at BIGINT NULL,
  exit_code INT NULL,
  reason VARCHAR(1000) NULL,
  definition MEDIUMTEXT NULL,
  CONSTRAINT cb_runs_firing UNIQUE (job, scheduled_at)
) ENGINE=InnoDB;
CREATE INDEX cb_runs_due ON cb_runs (state, due_at);
CREATE INDEX cb_runs_job ON cb_runs (job, id);

CREATE TABLE cb_attempts (
  run_id BIGINT NOT NULL,
  attempt INT NOT NULL,
  node_id VARCHAR(100) NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT NULL,
  outcome VARCHAR(16) NULL,
  exit_code INT NULL,
  log_path VARCHAR(1000) NULL,
  output_tail MEDIUMTEXT NULL,
  PRIMARY KEY (run_id, attempt)
) ENGINE=InnoDB;

CREATE TABLE cb_nodes (
  id VARCHAR(100) NOT NULL PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  pid BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  stopped_at BIGINT NULL
) ENGINE=InnoDB;

CREATE TABLE cb_locks (
  name VARCHAR(64) NOT NULL PRIMARY KEY
) ENGINE=InnoDB;
INSERT INTO cb_locks (name) VALUES ('sync');
