package dev.ec2service.hypervisor;

/**
 * Counters of one running domain, read at one moment; every counter is cumulative since the domain's QEMU process
 * started, so it falls back to zero when the domain is started again.
 *
 * @param name the domain's name
 * @param vcpus virtual CPUs the domain runs with
 * @param cpuTimeNanos CPU time the domain's QEMU process has used, all threads together
 * @param memoryBytes memory the domain holds on the host: the QEMU process's resident set (our guests have no
 *        balloon driver to ask), else the memory the domain is given
 * @param diskReadBytes bytes read from all its disks
 * @param diskWriteBytes bytes written to all its disks
 * @param netRxBytes bytes the guest received on all its interfaces
 * @param netTxBytes bytes the guest sent on all its interfaces
 */
public record DomainStats(String name, int vcpus, long cpuTimeNanos, long memoryBytes, long diskReadBytes,
        long diskWriteBytes, long netRxBytes, long netTxBytes) {
}
