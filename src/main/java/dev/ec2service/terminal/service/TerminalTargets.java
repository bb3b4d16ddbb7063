package dev.ec2service.terminal.service;

import dev.ec2service.image.port.ImageLookup;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.port.InstanceLookup;
import dev.ec2service.keypair.port.KeyPairLookup;
import dev.ec2service.terminal.domain.TerminalErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether an instance can have a terminal now (REQ-TERM-007/008) and where to log in. Blocking:
 * asks libvirt and the database, so call it from a worker thread.
 */
@ApplicationScoped
public class TerminalTargets {

    private final InstanceLookup instances;
    private final KeyPairLookup keyPairs;
    private final ImageLookup images;
    private final TerminalKey terminalKey;
    private final TerminalConfig config;

    TerminalTargets(InstanceLookup instances, KeyPairLookup keyPairs, ImageLookup images, TerminalKey terminalKey,
            TerminalConfig config) {
        this.instances = instances;
        this.keyPairs = keyPairs;
        this.images = images;
        this.terminalKey = terminalKey;
        this.config = config;
    }

    /** The login target of instance {@code id}; refused (not found, or conflict) when there is none. */
    public TerminalTarget resolve(String id) {
        Instance row = instances.get(id);
        requireReachable(row);
        List<Path> keys = new ArrayList<>();
        if (row.sshKeyName != null) {
            keyPairs.privateKeyFile(row.sshKeyName).ifPresent(keys::add);
        }
        terminalKey.privateKeyIfPresent().ifPresent(keys::add);
        if (keys.isEmpty()) {
            throw TerminalErrors.NO_KEY.exception(
                    "the service holds no private key for instance " + id + ": its key pair "
                            + (row.sshKeyName == null ? "is not set" : "'" + row.sshKeyName + "' was imported")
                            + " and the terminal key is missing");
        }
        Instance.SshEndpoint ssh = row.sshEndpoint().orElseThrow();
        return new TerminalTarget(row.id, ssh.host(), ssh.port(), defaultUser(row.imageId), List.copyOf(keys));
    }

    /** REQ-TERM-007/008: only a running instance with an address gets a terminal. */
    static void requireReachable(Instance row) {
        if (row.status != InstanceStatus.RUNNING) {
            throw TerminalErrors.NOT_RUNNING.exception(
                    "instance " + row.id + " is " + row.status.wire() + "; a terminal needs a running instance");
        }
        if (row.sshEndpoint().isEmpty()) {
            throw TerminalErrors.NO_ADDRESS.exception(
                    "instance " + row.id + " has no IP address yet; a terminal needs one to connect over SSH");
        }
    }

    private String defaultUser(String imageId) {
        if (imageId == null) {
            return config.defaultUser();
        }
        return images.defaultUser(imageId).orElse(config.defaultUser());
    }
}
