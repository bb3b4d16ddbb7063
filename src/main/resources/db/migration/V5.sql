-- V5: tags on instances, images and key pairs (one model for REST, the console and the EC2 API), and what the
-- EC2 API records about its launches: the reservation an instance belongs to, the ClientToken that made it (for
-- idempotent RunInstances) and disableApiTermination.
CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL
);
CREATE UNIQUE INDEX tags_resource_key ON tags(resource_type, resource_id, tag_key);
CREATE TABLE ec2_launches (
    instance_id TEXT PRIMARY KEY,
    reservation_id TEXT NOT NULL,
    client_token TEXT,
    launch_index INTEGER NOT NULL,
    disable_api_termination INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX ec2_launches_client_token ON ec2_launches(client_token);
CREATE INDEX ec2_launches_reservation ON ec2_launches(reservation_id);
