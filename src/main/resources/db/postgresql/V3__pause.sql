-- When a job was paused, so that resume can apply its catch-up policy to what it missed.
ALTER TABLE cb_jobs ADD COLUMN paused_at BIGINT NULL;
