-- cronbeat fires its triggers itself now: one pass under Quartz's TRIGGER_ACCESS lock records every
-- firing due in a time slot in one transaction (Quartz's scheduler thread no longer runs). The pass
-- keeps how long the cluster has been firing without a gap, so that a firing that is late because
-- the cluster is busy is told apart from one missed while no node fired (an outage): since is when
-- the current unbroken run of passes began, swept_at when the last pass ended.
CREATE TABLE cb_firing (
  cluster VARCHAR(64) NOT NULL PRIMARY KEY,
  since BIGINT NOT NULL,
  swept_at BIGINT NOT NULL
);
-- A trigger that an older node had acquired or was firing when it stopped is due again.
UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = 'WAITING' WHERE TRIGGER_GROUP = 'cronbeat' AND TRIGGER_STATE IN ('ACQUIRED', 'BLOCKED');

-- The indexes the H2 schema lacked that the firing pass (due triggers by state and next fire
-- time) and sync (a job's triggers, the group's jobs) use. Quartz's others served its own
-- acquisition and misfire scans, which no longer run; each would slow every pass's updates.
CREATE INDEX IDX_QRTZ_T_NFT_ST ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME);
CREATE INDEX IDX_QRTZ_T_J ON QRTZ_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX IDX_QRTZ_J_GRP ON QRTZ_JOB_DETAILS (SCHED_NAME, JOB_GROUP);
