-- The API's Idempotency-Key: a key a caller sent with a POST that queued a run. Written in the
-- same transaction as the run, so two identical requests at once (on one node or two) queue one
-- run: the second one's insert of the same key fails and its run is rolled back.
-- fingerprint: a hash of the request (route and body), to tell a retry from a reuse of the key.
CREATE TABLE cb_idempotency (
  caller VARCHAR(64) NOT NULL,
  idem_key VARCHAR(255) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  run_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (caller, idem_key)
);
CREATE INDEX cb_idempotency_age ON cb_idempotency (created_at);

-- Held while an API submit counts the queue and adds to it, so the queue limit holds exactly
-- across concurrent submits and nodes.
INSERT INTO cb_locks (name) VALUES ('queue');
