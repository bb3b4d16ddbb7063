package dev.ec2service.keypair.service;

import dev.ec2service.keypair.domain.KeyPairErrors;
import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.keypair.port.KeyPairLookup;
import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.EventType;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Key pairs: import, generate, fingerprints, delete. */
@ApplicationScoped
public class KeyPairService implements KeyPairLookup {

    /** A generated pair: the recorded row and the private key, which is handed out this once. */
    public record Generated(SshKey key, String privateKey) {

        @Override
        public String toString() {
            return "Generated[" + key.name + "]";
        }
    }

    private final KeyGenerator generator;
    private final KeyPairRecorder recorder;
    private final PrivateKeyFiles privateKeys;
    private final ChangeFeed feed;

    KeyPairService(KeyGenerator generator, KeyPairRecorder recorder, PrivateKeyFiles privateKeys, ChangeFeed feed) {
        this.generator = generator;
        this.recorder = recorder;
        this.privateKeys = privateKeys;
        this.feed = feed;
    }

    /** Every key pair, by name. */
    @Transactional
    public List<SshKey> list() {
        return SshKey.listAll(Sort.by("name"));
    }

    /** The key pair named {@code name}; a not-found refusal when there is none. */
    @Transactional
    public SshKey get(String name) {
        SshKey key = SshKey.findById(name);
        if (key == null) {
            throw KeyPairErrors.NOT_FOUND.exception("key pair '" + name + "' does not exist");
        }
        return key;
    }

    /** Imports a public key after validating it (REQ-SSH-001..005, REQ-SSH-007). */
    public SshKey importKey(String name, String publicKey) {
        KeyPairName.require(name);
        OpenSshPublicKey key = OpenSshPublicKey.parse(publicKey);
        SshKey row = BusyRetry.run(() -> recorder.record(name, key, null));
        Log.infof("imported key pair %s (%s, %s)", name, row.keyType, row.fingerprint);
        return row;
    }

    /**
     * Generates a pair (EC2 CreateKeyPair) and keeps its private key in {@code <home>/keys/<name>}.
     * Deliberately outside a transaction: ssh-keygen may take a while and must not hold the database.
     */
    public Generated generate(String name, KeyGenerator.Kind kind) {
        KeyPairName.require(name);
        if (recorder.nameTaken(name)) {
            throw KeyProblems.nameTaken(name);
        }
        GeneratedKeyPair pair = generator.generate(kind, name);
        // our own parser checks what ssh-keygen wrote and computes the fingerprints the same way as for imports
        OpenSshPublicKey key = OpenSshPublicKey.parse(pair.publicKeyLine());
        SshKey row = BusyRetry.run(() -> recorder.record(name, key, pair.privateKey()));
        Log.infof("generated key pair %s (%s, %s)", name, row.keyType, row.fingerprint);
        return new Generated(row, pair.privateKey());
    }

    /**
     * Deletes the pair and its private key file (REQ-SSH-006). Instances copied the public key at launch,
     * so they keep working.
     */
    @Transactional
    public void delete(String name) {
        SshKey key = get(name);
        key.delete();
        feed.deleted(EventType.KEY_PAIR, name);
        if (key.privateKeyPath != null) {
            privateKeys.deleteAfterCommit(Path.of(key.privateKeyPath));
        }
        Log.infof("deleted key pair %s", name);
    }

    /** The private key file of a generated pair, if the pair exists and the file is still there. */
    @Transactional
    @Override
    public Optional<Path> privateKeyFile(String name) {
        SshKey key = SshKey.findById(name);
        if (key == null || key.privateKeyPath == null) {
            return Optional.empty();
        }
        Path file = Path.of(key.privateKeyPath);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The key pair to launch with, refused (invalid argument) when it does not exist. */
    @Override
    public SshKey requireExisting(String name) {
        SshKey key = SshKey.findById(name);
        if (key == null) {
            throw KeyPairErrors.UNKNOWN_KEY_PAIR.exception("key pair '" + name + "' does not exist");
        }
        return key;
    }
}
