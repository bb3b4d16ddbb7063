-- V9: a counter of changes to what an instance listing shows (issue 13). Triggers bump it in the same transaction
-- as the change, whoever makes it (the service, or someone with sqlite3), so a listing the service answered from
-- memory is current exactly while the counter has not moved; reading the counter is one row, the listing 1,000.
-- Each trigger stays on one line: the migrator splits statements at semicolons that end a line.
CREATE TABLE listing_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO listing_versions (name, version) VALUES ('instances', 0);
CREATE TRIGGER instances_listed_insert AFTER INSERT ON instances BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER instances_listed_update AFTER UPDATE ON instances BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER instances_listed_delete AFTER DELETE ON instances BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER instance_tags_listed_insert AFTER INSERT ON tags WHEN NEW.resource_type = 'instance' BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER instance_tags_listed_update AFTER UPDATE ON tags WHEN NEW.resource_type = 'instance' OR OLD.resource_type = 'instance' BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER instance_tags_listed_delete AFTER DELETE ON tags WHEN OLD.resource_type = 'instance' BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER port_forwards_listed_insert AFTER INSERT ON port_forwards BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER port_forwards_listed_update AFTER UPDATE ON port_forwards BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
CREATE TRIGGER port_forwards_listed_delete AFTER DELETE ON port_forwards BEGIN UPDATE listing_versions SET version = version + 1 WHERE name = 'instances'; END;
