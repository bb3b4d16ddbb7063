package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.image.domain.Image;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Spare;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A launch's QEMU started before the launch is asked for. The first spare address gets the disk of the last
 * launch's image and size, and a domain of its type with an empty seed drive, started paused: QEMU is up, the guest
 * has run nothing. A launch that takes that spare with the same image, type and disk has its seed inserted and its
 * CPUs let run, and is {@code running} without waiting for libvirt to start QEMU (0.8-0.9 s here, most of it libvirt
 * reading the new guest's CPU back). One that differs has the prepared domain removed first and is brought up as
 * any other. A marker file in the instance directory says what was prepared; a launch that adopts the domain
 * removes it once the seed is in, so whatever a crash interrupts is either still marked (and checked again) or
 * already the instance's own.
 */
@ApplicationScoped
class PreparedLaunches {

    static final String MARKER = "prepared.properties";
    /** How long a shutdown waits for a preparation under way before it leaves what it makes to the next start. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final InstanceConfig config;
    private final AddressAllocator allocator;
    private final InstanceStore store;
    private final InstanceLocks locks;
    private final InstanceResources resources;
    private final InstanceDomains domains;
    private final Hypervisor hypervisor;
    private final DataHome home;
    /**
     * The domains this process prepared. One found after a restart is removed instead of kept: the service may
     * have been upgraded or set up otherwise since (the domain XML, the network, the accelerator), and a paused
     * QEMU is cheap to make again.
     */
    private final Set<String> preparedHere = ConcurrentHashMap.newKeySet();
    /**
     * Nothing is prepared until a launch begins in this process: a service just started (or never asked for an
     * instance) keeps no paused QEMU, and its start does not share the CPUs with one.
     */
    private volatile boolean launchSeen;
    /** Set at shutdown: nothing is prepared any more. */
    private volatile boolean closed;
    /** The shape whose preparation failed last: not tried again at every reconcile, only after the next launch. */
    private volatile Fit failed;

    PreparedLaunches(InstanceConfig config, AddressAllocator allocator, InstanceStore store, InstanceLocks locks,
            InstanceResources resources, InstanceDomains domains, Hypervisor hypervisor, DataHome home) {
        this.config = config;
        this.allocator = allocator;
        this.store = store;
        this.locks = locks;
        this.resources = resources;
        this.domains = domains;
        this.hypervisor = hypervisor;
        this.home = home;
    }

    /**
     * What a domain was prepared for: a launch fits it when all of it is the same. The image's file is part of
     * it (path, size, modification time): an image deleted and imported again under its id is another disk.
     */
    record Fit(String imageId, String imageFile, String instanceType, int vcpus, int memoryMb, int diskGb,
            String mac) {

        static Fit of(Instance row, Image image) {
            return new Fit(row.imageId, fileIdentity(image), row.instanceType, row.vcpus, row.memoryMb, row.diskGb,
                    row.macAddress);
        }

        Fit forSpare(Spare spare) {
            return forMac(spare.reservation().mac());
        }

        Fit forMac(String otherMac) {
            return new Fit(imageId, imageFile, instanceType, vcpus, memoryMb, diskGb, otherMac);
        }

        private static String fileIdentity(Image image) {
            Path file = Path.of(image.filePath);
            try {
                return file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return file + ":unreadable";
            }
        }
    }

    /**
     * Prepares the first spare for the last launch's image and type, and removes what was prepared for any other
     * spare. Launches take the first spare in range first ({@link LaunchReservations#claim}).
     */
    void prepareFor(List<Spare> spares) {
        boolean first = true;
        for (Spare spare : spares) {
            // a spare that is already an instance (its forgetting failed) is one claim skips
            if (first && config.prepareLaunches() && allocator.inRange(spare) && !store.exists(spare.instanceId())) {
                first = false;
                prepare(spare);
            } else {
                discardUnlessLaunched(spare.instanceId());
            }
        }
    }

    /**
     * The service stops: what was prepared goes, and nothing is prepared after it. A preparation under way (1-2 s)
     * is waited for, at most {@link #CLOSE_WAIT}: a shutdown never waits long behind libvirt, and the next start
     * removes what is left.
     */
    void close(List<Spare> spares) {
        closed = true;
        for (Spare spare : spares) {
            String id = spare.instanceId();
            try {
                discardUnlessLaunched(id, true, () -> true);
            } catch (RuntimeException e) {
                Log.warnf("%s: the launch prepared ahead was not removed at shutdown: %s; the next start removes it",
                        id, e.getMessage());
            }
        }
    }

    /** A launch is being brought up (or resumed): from now on the spare is prepared for the last launch. */
    void launching() {
        launchSeen = true;
        // a shape that failed is tried once more for each launch (the cause may have passed)
        failed = null;
    }

    /**
     * Under the spare's lock and only while no launch has taken it: a domain prepared for the last launch's image
     * and type is kept, one for another is removed, and a missing one is made. Nothing when there was no launch
     * in this run yet or its image cannot be launched any more.
     */
    private void prepare(Spare spare) {
        Optional<Instance> last = launchSeen ? store.latest() : Optional.empty();
        if (last.isEmpty()) {
            // what an earlier run prepared goes: its shape may no longer be what this run makes
            discardUnlessLaunched(spare.instanceId());
            return;
        }
        String id = spare.instanceId();
        locks.withLock(id, () -> {
            if (closed || store.exists(id) || !allocator.spares().contains(spare)) {
                return null;
            }
            Optional<Fit> wanted = Optional.empty();
            Image image = null;
            try {
                image = domains.image(last.get().imageId);
                wanted = Optional.of(Fit.of(last.get(), image).forSpare(spare));
            } catch (RuntimeException e) {
                Log.debugf("%s: no launch prepared: %s", id, e.getMessage());
            }
            Optional<Fit> marked = read(id);
            if (wanted.isPresent() && marked.equals(wanted) && preparedHere.contains(id) && paused(id)) {
                return null;
            }
            if (marked.isPresent() || Files.exists(home.instanceDir(id))) {
                discard(id);
            }
            if (wanted.isEmpty() || wanted.get().forMac("").equals(failed)) {
                return null;
            }
            try {
                make(id, wanted.get(), image);
                preparedHere.add(id);
                failed = null;
                if (closed) {
                    // the service began to stop while this was made, and close() waits for this lock
                    discardQuietly(id);
                    return null;
                }
                Log.infof("%s: prepared for the next launch of %s from %s (QEMU started, paused)", id,
                        wanted.get().instanceType(), wanted.get().imageId());
            } catch (IOException | RuntimeException e) {
                // the shape, whichever spare: not tried again at every reconcile, only after another launch
                failed = wanted.get().forMac("");
                Log.warnf("%s: preparing the next launch failed: %s; launches are brought up as usual, and this"
                        + " image and type are not prepared again until another launch", id, e.getMessage());
                discardQuietly(id);
            }
            return null;
        });
    }

    /** The marker first: whatever follows it is removed with it should a crash cut this short. */
    private void make(String id, Fit fit, Image image) throws IOException {
        Files.createDirectories(home.instanceDir(id));
        write(id, fit);
        resources.createDisk(id, Path.of(image.filePath), fit.diskGb());
        Instance shape = new Instance();
        shape.id = id;
        shape.instanceType = fit.instanceType();
        shape.vcpus = fit.vcpus();
        shape.memoryMb = fit.memoryMb();
        shape.diskGb = fit.diskGb();
        shape.imageId = fit.imageId();
        shape.macAddress = fit.mac();
        hypervisor.defineDomain(domains.spec(shape, image).withSeedLater());
        hypervisor.startDomainPaused(id);
    }

    /**
     * Under the instance's lock, for a launch being brought up: whether its domain was prepared for it and is
     * paused, waiting for its seed. One prepared for another image, type or disk, or no longer paused (the host
     * restarted), is removed, and the launch is brought up as any other.
     */
    boolean adopt(Instance row, Image image) {
        Optional<Fit> marked = read(row.id);
        if (marked.isEmpty()) {
            return false;
        }
        boolean fits = marked.get().equals(Fit.of(row, image));
        if (fits && preparedHere.contains(row.id) && paused(row.id)) {
            return true;
        }
        String why = !fits ? "was for " + marked.get().instanceType() + " from " + marked.get().imageId()
                : !preparedHere.contains(row.id) ? "was made by an earlier run of the service"
                : "is no longer paused";
        Log.infof("%s: the QEMU prepared ahead %s; removed, the launch is brought up as usual", row.id, why);
        discard(row.id);
        return false;
    }

    /** The seed is in: the domain is the instance's own from now on. */
    void adopted(String id) {
        preparedHere.remove(id);
        try {
            Files.deleteIfExists(marker(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a domain prepared ahead (or its beginnings) lives in the directory of {@code id}. */
    boolean marked(String id) {
        return Files.exists(marker(id));
    }

    /**
     * Removes every domain prepared from the image, so its file can go. One that cannot be removed now (libvirt
     * away) is removed by the next refill, which prepares only from images that can be launched.
     */
    void discardFrom(String imageId) {
        for (Spare spare : allocator.spares()) {
            String id = spare.instanceId();
            try {
                // read under the lock: a preparation under way writes its marker before it gives the lock back
                discardUnlessLaunched(id, false,
                        () -> read(id).map(fit -> fit.imageId().equals(imageId)).orElse(false));
            } catch (RuntimeException e) {
                Log.warnf("%s: removing the launch prepared from image %s failed: %s", id, imageId, e.getMessage());
            }
        }
    }

    /**
     * Under the lock of a spare no launch took: the domain and files prepared for it go. A spare's directory holds
     * nothing else until a launch takes it (a launch writes nothing there before its provisioning takes the lock).
     * Skipped without the lock when the spare has no directory: only the refill prepares, and it is the one that
     * calls this.
     */
    void discardUnlessLaunched(String id) {
        if (Files.exists(home.instanceDir(id))) {
            discardUnlessLaunched(id, false, () -> true);
        }
    }

    /**
     * As above, and only when {@code and} holds under the lock, which is always taken: a preparation under way
     * holds it before it makes the directory. A shutdown waits for it at most {@link #CLOSE_WAIT}.
     */
    private void discardUnlessLaunched(String id, boolean shutdown, BooleanSupplier and) {
        Supplier<Void> step = () -> {
            if (!store.exists(id) && Files.exists(home.instanceDir(id)) && and.getAsBoolean()) {
                discard(id);
            }
            return null;
        };
        if (shutdown) {
            locks.withLockWithin(id, CLOSE_WAIT, step);
        } else {
            locks.withLock(id, step);
        }
    }

    /**
     * The domain first, then the files, the marker last: should this stop half way, the marker still says that the
     * directory holds a preparation, never an instance's disk (a launch would boot a disk it finds unmarked).
     */
    void discard(String id) {
        preparedHere.remove(id);
        hypervisor.destroyDomain(id);
        hypervisor.undefineDomain(id);
        Path dir = home.instanceDir(id);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(e -> !e.getFileName().toString().equals(MARKER)).toList()) {
                InstanceResources.deleteDirectory(entry);
            }
            Files.deleteIfExists(marker(id));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private void discardQuietly(String id) {
        try {
            discard(id);
        } catch (RuntimeException e) {
            Log.warnf("%s: removing a launch prepared ahead failed: %s; the next refill tries again", id,
                    e.getMessage());
        }
    }

    private boolean paused(String id) {
        return hypervisor.findDomain(id).map(DomainInfo::state).orElse(null) == DomainState.PAUSED;
    }

    private Path marker(String id) {
        return home.instanceDir(id).resolve(MARKER);
    }

    private Optional<Fit> read(String id) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(marker(id))) {
            p.load(in);
            return Optional.of(new Fit(p.getProperty("image"), p.getProperty("image-file"), p.getProperty("type"),
                    Integer.parseInt(p.getProperty("vcpus")), Integer.parseInt(p.getProperty("memory-mb")),
                    Integer.parseInt(p.getProperty("disk-gb")), p.getProperty("mac")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // a marker that cannot be read describes nothing a launch can fit: what it marks is removed
            Log.debugf("%s: unreadable %s: %s", id, MARKER, e.getMessage());
            return Optional.of(new Fit("", "", "", 0, 0, 0, ""));
        }
    }

    private void write(String id, Fit fit) throws IOException {
        Properties p = new Properties();
        p.setProperty("image", fit.imageId());
        p.setProperty("image-file", fit.imageFile());
        p.setProperty("type", fit.instanceType());
        p.setProperty("vcpus", Integer.toString(fit.vcpus()));
        p.setProperty("memory-mb", Integer.toString(fit.memoryMb()));
        p.setProperty("disk-gb", Integer.toString(fit.diskGb()));
        p.setProperty("mac", fit.mac());
        Path partial = marker(id).resolveSibling("prepared.part.properties");
        try (Writer out = Files.newBufferedWriter(partial)) {
            p.store(out, "a launch prepared ahead: removed once a launch adopted it");
        }
        Files.move(partial, marker(id), StandardCopyOption.ATOMIC_MOVE);
    }
}
