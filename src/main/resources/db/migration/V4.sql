-- V4: what an interrupted launch needs to resume after a restart (the public key it was launched with: the key
-- pair may be deleted meanwhile), and the address reservation made unique in the database, where it is now taken.
ALTER TABLE instances ADD COLUMN public_key TEXT;
UPDATE instances SET public_key = (SELECT k.public_key FROM ssh_keys k WHERE k.name = instances.ssh_key_name)
    WHERE public_key IS NULL AND ssh_key_name IS NOT NULL;
-- two live rows holding one address (possible before, after a network was recreated): the newer gives it up and
-- takes the address its lease says when it next runs
UPDATE instances SET ip_address = NULL
    WHERE status <> 'TERMINATED' AND ip_address IS NOT NULL AND rowid NOT IN (
        SELECT MIN(rowid) FROM instances WHERE status <> 'TERMINATED' AND ip_address IS NOT NULL GROUP BY ip_address);
CREATE UNIQUE INDEX instances_live_ip_address ON instances(ip_address)
    WHERE ip_address IS NOT NULL AND status <> 'TERMINATED';
