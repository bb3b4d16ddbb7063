-- V1: the data model of the architecture document, as first released.
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    name TEXT,
    instance_type TEXT NOT NULL,
    status TEXT NOT NULL,
    memory_mb INTEGER NOT NULL,
    disk_gb INTEGER NOT NULL,
    vcpus INTEGER NOT NULL,
    ip_address TEXT,
    ssh_key_name TEXT,
    libvirt_uuid TEXT,
    created_at TEXT NOT NULL,
    launched_at TEXT,
    terminated_at TEXT
);
CREATE TABLE images (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    os TEXT NOT NULL,
    arch TEXT NOT NULL,
    file_path TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE ssh_keys (
    name TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL
);
