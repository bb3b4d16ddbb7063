package dev.ec2service.image.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The pulls running in this process; one per image at most. */
@ApplicationScoped
public class PullTracker {

    private final Map<String, PullProgress> running = new ConcurrentHashMap<>();

    /** Registers a pull of {@code imageId}; empty when one is already running. */
    Optional<PullProgress> begin(String imageId) {
        PullProgress fresh = new PullProgress();
        return running.putIfAbsent(imageId, fresh) == null ? Optional.of(fresh) : Optional.empty();
    }

    void end(String imageId) {
        running.remove(imageId);
    }

    public Optional<PullProgress> running(String imageId) {
        return Optional.ofNullable(running.get(imageId));
    }
}
