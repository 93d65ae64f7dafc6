-- Firings whose node died before recording them are re-fired by Quartz's cluster recovery.
UPDATE QRTZ_JOB_DETAILS SET REQUESTS_RECOVERY = TRUE WHERE JOB_GROUP = 'cronbeat';
