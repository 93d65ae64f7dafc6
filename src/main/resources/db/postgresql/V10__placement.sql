-- Node labels and concurrency groups. A node registers its labels ("host=db1,role=backup") so that
-- status shows them and validate can tell a selector no node matches. A run records the
-- concurrency group it was claimed in: a claim counts the group's running runs by it, under the
-- lock of the group's row in cb_groups (created by the first claim that needs it), so that two
-- nodes never both take the group's last slot.
ALTER TABLE cb_nodes ADD COLUMN labels VARCHAR(1000) NULL;
ALTER TABLE cb_runs ADD COLUMN concurrency_group VARCHAR(64) NULL;
CREATE TABLE cb_groups (
  name VARCHAR(64) NOT NULL PRIMARY KEY
);
