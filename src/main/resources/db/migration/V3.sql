-- V3: what the image feature records about each base image file (REQ-IMG-003): its verified state,
-- qcow2 virtual size, checksum and download progress. Nullable, so rows written without them stay valid.
ALTER TABLE images ADD COLUMN status TEXT;
ALTER TABLE images ADD COLUMN status_detail TEXT;
ALTER TABLE images ADD COLUMN virtual_size INTEGER;
ALTER TABLE images ADD COLUMN sha256 TEXT;
ALTER TABLE images ADD COLUMN bytes_done INTEGER;
ALTER TABLE images ADD COLUMN bytes_total INTEGER;
ALTER TABLE images ADD COLUMN checked_at TEXT;
