-- V2: what the lifecycle, image and key-pair features need beyond the architecture's model.
ALTER TABLE instances ADD COLUMN mac_address TEXT;
ALTER TABLE instances ADD COLUMN image_id TEXT;
ALTER TABLE instances ADD COLUMN state_reason TEXT;
ALTER TABLE instances ADD COLUMN user_data BLOB;
CREATE UNIQUE INDEX instances_mac_address ON instances(mac_address);
CREATE INDEX instances_status ON instances(status);
ALTER TABLE images ADD COLUMN default_user TEXT NOT NULL DEFAULT 'ubuntu';
ALTER TABLE images ADD COLUMN source TEXT NOT NULL DEFAULT 'catalog';
ALTER TABLE images ADD COLUMN download_url TEXT;
ALTER TABLE images ADD COLUMN checksum_url TEXT;
ALTER TABLE ssh_keys ADD COLUMN key_type TEXT;
ALTER TABLE ssh_keys ADD COLUMN fingerprint_sha256 TEXT;
ALTER TABLE ssh_keys ADD COLUMN private_key_path TEXT;
CREATE UNIQUE INDEX ssh_keys_fingerprint_sha256 ON ssh_keys(fingerprint_sha256);
