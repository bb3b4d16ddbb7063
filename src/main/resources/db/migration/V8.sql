-- V8: user-mode networking (issue 14). Such an instance has QEMU's fixed guest address 10.0.2.15 and a port on
-- 127.0.0.1 forwarded to its SSH; the port is the reservation there, unique among live rows, and the address is
-- unique only among instances on the NAT network (those without a forwarded port).
ALTER TABLE instances ADD COLUMN ssh_port INTEGER;
DROP INDEX instances_live_ip_address;
CREATE UNIQUE INDEX instances_live_ip_address ON instances(ip_address)
    WHERE ip_address IS NOT NULL AND ssh_port IS NULL AND status <> 'TERMINATED';
CREATE UNIQUE INDEX instances_live_ssh_port ON instances(ssh_port)
    WHERE ssh_port IS NOT NULL AND status <> 'TERMINATED';
