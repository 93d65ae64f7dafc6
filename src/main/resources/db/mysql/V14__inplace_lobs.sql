-- Nothing to change on this database. V14 keeps H2's CLOBs of up to 8 KiB in their rows (H2
-- copied a longer one at every update of its row and every read into a result); this database
-- keeps an unchanged text value where it is when its row is updated. The version exists on
-- every database so that all stores are at the same one.
SELECT 1;
