-- V10: spare addresses (issue 13). On the NAT network each DHCP host entry libvirt adds rebuilds the network's
-- firewall (0.5-1 s) and QEMU's start waits behind it, so a few entries are made ahead of launches, each for an
-- instance id drawn in advance; a launch takes one as its id, address and MAC. The row comes before the entry, and
-- a launch inserts its instance row before it deletes the spare, so a sweep always finds an entry's owner in one of
-- the two tables. Addresses and MACs are unique among spares here and among live instances in `instances`; the
-- reservation lock of the service keeps the two apart.
CREATE TABLE spare_addresses (
    instance_id TEXT PRIMARY KEY,
    ip_address TEXT NOT NULL UNIQUE,
    mac_address TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
