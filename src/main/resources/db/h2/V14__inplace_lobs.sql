-- Definitions (of triggered and submitted runs, and of jobs) and output tails kept in the row.
-- H2 keeps a CLOB longer than 256 characters apart from its row, and copies it whenever the row
-- is updated or read into a result: a submitted run's definition (about 300 characters for
-- `true`) was copied at its claim, at the claim pass's read and again at its end, and every copy
-- removed later. Up to 8 KiB stays in the row now; values written before keep their place.
SET MAX_LENGTH_INPLACE_LOB 8192;
