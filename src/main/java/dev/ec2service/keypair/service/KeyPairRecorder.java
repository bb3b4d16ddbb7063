package dev.ec2service.keypair.service;

import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.EventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records a validated key pair: refuses a taken name (REQ-SSH-004) or known key material
 * (REQ-SSH-005) before the insert, and turns the unique indexes' verdict into the same 409s when
 * two requests race past those checks. A write SQLite refused as busy is started over by
 * {@link BusyRetry}, whose fresh attempt sees the winner's row and refuses with the same conflict.
 */
@ApplicationScoped
public class KeyPairRecorder {

    /** The {@code data} of a {@code key_pair} event on {@code /api/ws/events}; the name is the event's id. */
    public record KeyPairEvent(String keyType, String fingerprint, String fingerprintSha256, Instant createdAt) {
    }

    private final PrivateKeyFiles privateKeys;
    private final ChangeFeed feed;

    KeyPairRecorder(PrivateKeyFiles privateKeys, ChangeFeed feed) {
        this.privateKeys = privateKeys;
        this.feed = feed;
    }

    /**
     * Stores the row, and for a generated pair the private key file, in one transaction. Callers wrap it
     * in {@link BusyRetry} so that each attempt is a transaction of its own.
     */
    @Transactional
    public SshKey record(String name, OpenSshPublicKey key, String privateKey) {
        refuseDuplicates(name, key);
        SshKey row = new SshKey();
        row.name = name;
        row.publicKey = key.line();
        row.fingerprint = key.md5Fingerprint();
        row.fingerprintSha256 = key.sha256Fingerprint();
        row.keyType = key.type();
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        row.privateKeyPath = privateKey == null ? null : privateKeys.fileOf(name).toString();
        try {
            row.persistAndFlush();
        } catch (PersistenceException e) {
            if (BusyRetry.isBusy(e)) {
                throw e; // not a verdict: the caller starts over and then sees the winner's row
            }
            throw raceLost(name, key, e);
        }
        // only after the flush: from here the name is ours until commit, so the file is too
        if (privateKey != null) {
            privateKeys.store(name, privateKey);
        }
        // sent when the transaction commits
        feed.changed(EventType.KEY_PAIR, name, new KeyPairEvent(row.keyType, row.fingerprint, row.fingerprintSha256,
                row.createdAt));
        return row;
    }

    /** Whether the name is taken; lets generation fail fast before it spends time in ssh-keygen. */
    @Transactional
    public boolean nameTaken(String name) {
        return SshKey.findById(name) != null;
    }

    private static void refuseDuplicates(String name, OpenSshPublicKey key) {
        if (SshKey.findById(name) != null) {
            throw KeyProblems.nameTaken(name);
        }
        SshKey.findByMaterial(key.sha256Fingerprint()).ifPresent(existing -> {
            throw KeyProblems.duplicateMaterial(existing.name);
        });
    }

    /**
     * The insert failed although the checks passed: another request recorded the same name or key in
     * between. The failed transaction cannot be queried any more, so a fresh one finds the winner.
     */
    private static RuntimeException raceLost(String name, OpenSshPublicKey key, PersistenceException cause) {
        RuntimeException conflict = QuarkusTransaction.requiringNew().call(() -> {
            try {
                refuseDuplicates(name, key);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        return conflict != null ? conflict : cause;
    }
}
