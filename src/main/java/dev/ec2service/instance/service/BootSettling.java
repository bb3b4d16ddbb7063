package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * The last steps of a guest's boot, between its first address and its SSH server: what the service would do in the
 * background then (a spare's DHCP entry, which has libvirt rebuild the network's firewall, and the QEMU prepared for
 * the next launch: 1-2 s of both cores here) waits until the guest's SSH answers, or a bound has passed. Under
 * emulation those steps (host keys, sshd) took 0.6-0.9 s longer with that work beside them.
 */
@ApplicationScoped
class BootSettling {

    /** A guest whose SSH never answers (no SSH server, a firewall) holds the work back no longer than this. */
    static final Duration BOUND = Duration.ofSeconds(60);
    private static final Duration PROBE_EVERY = Duration.ofMillis(200);
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int BANNER_TIMEOUT_MS = 2_000;

    private final ManagedExecutor executor;
    private final InstanceStore store;
    private final AtomicInteger settling = new AtomicInteger();
    private volatile boolean stopping;

    BootSettling(ManagedExecutor executor, InstanceStore store) {
        this.executor = executor;
        this.store = store;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Whether a guest is between its first address and its SSH server. */
    boolean settling() {
        return settling.get() > 0;
    }

    /**
     * Runs {@code then} once the guest's SSH answers, it no longer runs, or {@link #BOUND} has passed: in the
     * background, or at once on the caller's thread when the guest has no SSH endpoint to wait for.
     */
    void afterBoot(Instance booted, Runnable then) {
        Instance.SshEndpoint endpoint = booted.sshEndpoint().orElse(null);
        if (endpoint == null) {
            then.run();
            return;
        }
        settling.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    awaitSsh(booted.id, endpoint);
                } finally {
                    settling.decrementAndGet();
                }
                then.run();
            });
        } catch (RuntimeException e) {
            settling.decrementAndGet();
            Log.debugf("%s: not waiting for its SSH: %s", booted.id, e.getMessage());
            then.run();
        }
    }

    private void awaitSsh(String id, Instance.SshEndpoint endpoint) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            if (answers(endpoint) || !running(id)) {
                return;
            }
            try {
                Thread.sleep(PROBE_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!stopping) {
            Log.debugf("%s: its SSH did not answer within %s; the background work waits no longer", id, BOUND);
        }
    }

    /** A guest stopped or terminated meanwhile holds nothing back. */
    private boolean running(String id) {
        return store.find(id).map(row -> row.status == InstanceStatus.RUNNING).orElse(false);
    }

    /** An SSH server greets first with its version line ({@code SSH-2.0-…}); a closed port refuses at once. */
    static boolean answers(Instance.SshEndpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(BANNER_TIMEOUT_MS);
            InputStream in = socket.getInputStream();
            byte[] greeting = in.readNBytes(4);
            return new String(greeting, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }
}
