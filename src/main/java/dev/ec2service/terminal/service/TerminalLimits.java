package dev.ec2service.terminal.service;

import dev.ec2service.platform.error.DomainException;
import dev.ec2service.terminal.domain.TerminalErrors;
import java.util.HashMap;
import java.util.Map;

/**
 * How many terminals may be open per instance and in total. Each holds an SSH connection, a reader
 * thread and up to {@code max-bytes-in-flight} of output, so without a bound one client could exhaust
 * the service. A slot is taken before a terminal starts connecting and given back when its SSH
 * connection is gone, not when its socket closes.
 */
final class TerminalLimits {

    private final int perInstance;
    private final int total;
    private final Map<String, Integer> byInstance = new HashMap<>();
    private int all;

    TerminalLimits(int perInstance, int total) {
        this.perInstance = perInstance;
        this.total = total;
    }

    /** Refuses (too many) when one more terminal on {@code instanceId} would exceed a limit; reserves nothing. */
    synchronized void check(String instanceId) {
        if (all >= total) {
            throw refusal("the service has " + all + " terminals open, the most it allows (ec2.terminal.max-total); "
                    + "close one and try again");
        }
        int mine = byInstance.getOrDefault(instanceId, 0);
        if (mine >= perInstance) {
            throw refusal("instance " + instanceId + " has " + mine + " terminals open, the most it allows "
                    + "(ec2.terminal.max-per-instance); close one and try again");
        }
    }

    /** Takes a slot for one more terminal on {@code instanceId}, or refuses like {@link #check}. */
    synchronized void reserve(String instanceId) {
        check(instanceId);
        byInstance.merge(instanceId, 1, Integer::sum);
        all++;
    }

    /** Gives back a slot taken by {@link #reserve}. */
    synchronized void release(String instanceId) {
        Integer mine = byInstance.get(instanceId);
        if (mine == null) {
            throw new IllegalStateException("no terminal slot of " + instanceId + " to release");
        }
        if (mine == 1) {
            byInstance.remove(instanceId);
        } else {
            byInstance.put(instanceId, mine - 1);
        }
        all--;
    }

    synchronized int total() {
        return all;
    }

    synchronized int of(String instanceId) {
        return byInstance.getOrDefault(instanceId, 0);
    }

    private static DomainException refusal(String detail) {
        return TerminalErrors.TOO_MANY.exception(detail);
    }
}
