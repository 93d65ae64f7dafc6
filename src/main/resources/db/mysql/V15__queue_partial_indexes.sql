-- Nothing to change on this database. On PostgreSQL, V15 splits the queue index into partial
-- indexes (queued runs; running runs by id), so that a run's claim and end never read the index
-- entries its earlier versions left behind; this database has no partial indexes, and keeps no
-- dead versions' entries for its queries to read. The version exists on every database so that
-- all stores are at the same one.
SELECT 1;
