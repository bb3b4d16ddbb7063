package dev.ec2service.instance.service;

/**
 * How long each step of a boot took, for its log line: where the time between the request and {@code running} goes
 * is the first question when a launch feels slow.
 */
final class StepTimes {

    private final long start = System.nanoTime();
    private final StringBuilder steps = new StringBuilder();
    private long last = start;

    /** Ends the step under way, named {@code step}. */
    void mark(String step) {
        long now = System.nanoTime();
        steps.append(steps.isEmpty() ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000).append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return (System.nanoTime() - start) / 1_000_000 + " ms: " + steps;
    }
}
