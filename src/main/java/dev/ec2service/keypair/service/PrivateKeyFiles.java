package dev.ec2service.keypair.service;

import dev.ec2service.storage.service.DataHome;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * The private keys of generated pairs, one file {@code <home>/keys/<name>} each, mode 0600 in the
 * 0700 keys directory. File changes follow the database transaction that records them, so a row
 * never outlives or predates its file by more than a crash.
 */
@ApplicationScoped
public class PrivateKeyFiles {

    private final DataHome home;
    private final TransactionSynchronizationRegistry transactions;

    PrivateKeyFiles(DataHome home, TransactionSynchronizationRegistry transactions) {
        this.home = home;
        this.transactions = transactions;
    }

    /** Where the private key of pair {@code name} lives; the name was checked by {@link KeyPairName}. */
    public Path fileOf(String name) {
        return home.keys().resolve(name);
    }

    /**
     * Writes the key within the current transaction and removes it again if that transaction rolls back.
     * Call after the row is flushed: the name is then ours, so a file already there is a crash leftover
     * and may be replaced.
     */
    public Path store(String name, String privateKey) {
        Path target = fileOf(name);
        Path partial = null;
        try {
            // '+' cannot occur in a key name, so the partial file never collides with a key
            partial = Files.createTempFile(home.keys(), "write+", ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(partial)) {
                out.write(privateKey.getBytes(StandardCharsets.UTF_8));
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw KeyProblems.generationFailed("could not store the private key in " + home.keys() + ": "
                    + e.getMessage());
        }
        transactions.registerInterposedSynchronization(afterCompletion(committed -> {
            if (!committed) {
                deleteQuietly(target);
            }
        }));
        return target;
    }

    /** Deletes the file once the transaction that deletes its row has committed. */
    public void deleteAfterCommit(Path file) {
        transactions.registerInterposedSynchronization(afterCompletion(committed -> {
            if (committed) {
                deleteQuietly(file);
            }
        }));
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("could not delete private key file %s: %s", file, e.getMessage());
        }
    }

    private static Synchronization afterCompletion(Consumer<Boolean> action) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                action.accept(status == Status.STATUS_COMMITTED);
            }
        };
    }
}
