-- V7: port forwards (nat mode: the service listens on 127.0.0.1:host_port and relays to the guest's port). One row
-- per forward; a host port and protocol belong to at most one instance, which the primary key enforces, so two
-- claims of the same port cannot both succeed. No foreign key: a launch claims its ports before its instance row
-- is inserted (and releases them if that fails); the rows go when the instance is terminated.
CREATE TABLE port_forwards (
    host_port INTEGER NOT NULL,
    protocol TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    guest_port INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (host_port, protocol)
);
CREATE INDEX port_forwards_instance ON port_forwards(instance_id);
