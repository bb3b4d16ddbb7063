package dev.ec2service.host.service;

import dev.ec2service.host.port.GuestAccelerator;
import dev.ec2service.hypervisor.Accelerator;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.config.Ec2Config.AcceleratorSetting;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.process.Tools;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Picks how guests run. {@code auto} chooses hardware acceleration only when it is usable: on Linux
 * KVM needs {@code /dev/kvm} we can open and, on x86, the vmx or svm CPU flag (a nested guest without
 * them has a /dev/kvm that hangs real kernels); on macOS HVF where {@code kern.hv_support} says it works.
 * Otherwise TCG emulation.
 */
@ApplicationScoped
public class AcceleratorDetector implements GuestAccelerator {

    private static final Pattern VIRT_FLAGS = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b", Pattern.MULTILINE);

    private final Choice choice;

    /** The accelerator in use and why. */
    public record Choice(Accelerator accelerator, AcceleratorSetting setting, String reason) {
    }

    /**
     * What the decision depends on, read from the host; {@code arch} is null for one we have no guests for.
     * {@code hypervisorFramework} is macOS's {@code kern.hv_support}: 0 on a Mac without it, and inside most VMs.
     */
    public record HostFacts(String os, Arch arch, boolean kvmDeviceUsable, boolean cpuVirtualisationFlags,
            boolean hypervisorFramework) {

        /** A Linux or other non-macOS host. */
        public HostFacts(String os, Arch arch, boolean kvmDeviceUsable, boolean cpuVirtualisationFlags) {
            this(os, arch, kvmDeviceUsable, cpuVirtualisationFlags, false);
        }
    }

    AcceleratorDetector(Ec2Config config) {
        this.choice = decide(config.libvirt().accelerator(), readHost());
        Log.infof("guests run with %s (%s)", choice.accelerator().id(), choice.reason());
    }

    public Choice choice() {
        return choice;
    }

    @Override
    public Accelerator accelerator() {
        return choice.accelerator();
    }

    static Choice decide(AcceleratorSetting setting, HostFacts host) {
        return switch (setting) {
            case KVM -> new Choice(Accelerator.KVM, setting, "set in configuration");
            case HVF -> new Choice(Accelerator.HVF, setting, "set in configuration");
            case TCG -> new Choice(Accelerator.TCG, setting, "set in configuration");
            case AUTO -> detect(host);
        };
    }

    private static Choice detect(HostFacts host) {
        if (host.os().contains("mac")) {
            return host.hypervisorFramework()
                    ? new Choice(Accelerator.HVF, AcceleratorSetting.AUTO, "macOS Hypervisor.framework (kern.hv_support = 1)")
                    : new Choice(Accelerator.TCG, AcceleratorSetting.AUTO,
                            "kern.hv_support is not 1: no Hypervisor.framework on this Mac (or in the VM it runs in)");
        }
        if (!host.os().contains("linux")) {
            return new Choice(Accelerator.TCG, AcceleratorSetting.AUTO, "no known accelerator on " + host.os());
        }
        if (!host.kvmDeviceUsable()) {
            return new Choice(Accelerator.TCG, AcceleratorSetting.AUTO, "/dev/kvm is missing or not accessible");
        }
        boolean x86 = host.arch() == Arch.X86_64;
        if (x86 && !host.cpuVirtualisationFlags()) {
            return new Choice(Accelerator.TCG, AcceleratorSetting.AUTO,
                    "/dev/kvm exists but the CPU shows neither vmx nor svm (nested virtualisation without hardware support)");
        }
        return new Choice(Accelerator.KVM, AcceleratorSetting.AUTO, "/dev/kvm usable with hardware virtualisation");
    }

    static HostFacts readHost() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Arch arch = Arch.host().orElse(null);
        Path kvm = Path.of("/dev/kvm");
        boolean kvmUsable = Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm);
        boolean flags;
        try {
            flags = VIRT_FLAGS.matcher(Files.readString(Path.of("/proc/cpuinfo"))).find();
        } catch (IOException e) {
            flags = false;
        }
        return new HostFacts(os, arch, kvmUsable, flags, os.contains("mac") && hypervisorFramework());
    }

    private static boolean hypervisorFramework() {
        try {
            return hvSupport(Tools.run(List.of("sysctl", "-n", "kern.hv_support"), Duration.ofSeconds(5)));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code sysctl -n kern.hv_support} answers 1 where Hypervisor.framework can run guests. */
    static boolean hvSupport(String sysctl) {
        return sysctl.trim().equals("1");
    }
}
