package dev.ec2service.host.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.host.port.GuestAccelerator;
import dev.ec2service.host.service.AcceleratorDetector.HostFacts;
import dev.ec2service.hypervisor.Accelerator;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.config.Ec2Config.AcceleratorSetting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pure decision logic; the real detection on this machine is proven by EnvironmentTest (it must pick TCG). */
class AcceleratorDetectorTest {

    @Test
    @DisplayName("auto picks KVM only with /dev/kvm and vmx/svm on x86")
    void kvmNeedsDeviceAndCpuFlags() {
        assertThat(decide(new HostFacts("linux", Arch.X86_64, true, true))).isEqualTo(Accelerator.KVM);
        assertThat(decide(new HostFacts("linux", Arch.X86_64, true, false))).isEqualTo(Accelerator.TCG);
        assertThat(decide(new HostFacts("linux", Arch.X86_64, false, true))).isEqualTo(Accelerator.TCG);
    }

    @Test
    @DisplayName("auto on arm64 Linux trusts a usable /dev/kvm; macOS uses HVF")
    void otherPlatforms() {
        assertThat(decide(new HostFacts("linux", Arch.AARCH64, true, false))).isEqualTo(Accelerator.KVM);
        assertThat(decide(new HostFacts("mac os x", Arch.AARCH64, false, false, true))).isEqualTo(Accelerator.HVF);
        assertThat(decide(new HostFacts("windows 11", Arch.X86_64, false, false))).isEqualTo(Accelerator.TCG);
    }

    @Test
    @DisplayName("macOS without Hypervisor.framework (kern.hv_support 0, e.g. inside a VM) falls back to TCG")
    void macWithoutHypervisorFramework() {
        var choice = AcceleratorDetector.decide(AcceleratorSetting.AUTO,
                new HostFacts("mac os x", Arch.AARCH64, false, false, false));
        assertThat(choice.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(choice.reason()).contains("kern.hv_support");
        assertThat(AcceleratorDetector.hvSupport("1\n")).isTrue();
        assertThat(AcceleratorDetector.hvSupport("0\n")).isFalse();
        assertThat(AcceleratorDetector.hvSupport("")).isFalse();
    }

    @Test
    @DisplayName("an explicit setting overrides detection")
    void overrides() {
        HostFacts kvmHost = new HostFacts("linux", Arch.X86_64, true, true);
        assertThat(AcceleratorDetector.decide(AcceleratorSetting.TCG, kvmHost).accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(AcceleratorDetector.decide(AcceleratorSetting.KVM, new HostFacts("linux", Arch.X86_64, false, false))
                .accelerator()).isEqualTo(Accelerator.KVM);
    }

    private static Accelerator decide(HostFacts facts) {
        return AcceleratorDetector.decide(AcceleratorSetting.AUTO, facts).accelerator();
    }

    @Test
    @DisplayName("a guest of another architecture than the host's is emulated whatever accelerator the host has")
    void foreignGuestsAreEmulated() {
        assertThat(GuestAccelerator.forGuest(Accelerator.KVM, Arch.X86_64, Arch.X86_64)).isEqualTo(Accelerator.KVM);
        assertThat(GuestAccelerator.forGuest(Accelerator.KVM, Arch.X86_64, Arch.AARCH64)).isEqualTo(Accelerator.TCG);
        assertThat(GuestAccelerator.forGuest(Accelerator.HVF, Arch.AARCH64, Arch.AARCH64)).isEqualTo(Accelerator.HVF);
        assertThat(GuestAccelerator.forGuest(Accelerator.HVF, Arch.AARCH64, Arch.X86_64)).isEqualTo(Accelerator.TCG);
        assertThat(GuestAccelerator.forGuest(Accelerator.KVM, null, Arch.X86_64)).isEqualTo(Accelerator.TCG);
    }
}
