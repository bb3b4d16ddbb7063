-- V4: what an interrupted launch needs to resume after a restart (the public key it was launched with: the key
-- pair may be deleted meanwhile), and the address reservation made unique in the database, where it is now taken.
ALTER TABLE instances ADD COLUMN public_key TEXT;
CREATE UNIQUE INDEX instances_live_ip_address ON instances(ip_address)
    WHERE ip_address IS NOT NULL AND status <> 'TERMINATED';
