package dev.ec2service.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.storage.service.DiskImages;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An arm64 guest as the service defines one (UEFI on the virt board, AAVMF chosen by libvirt with a per-domain
 * NVRAM file), on the real libvirtd of the test namespace, emulated. It never needs to boot an OS: what matters
 * is that the firmware runs and that undefine takes the NVRAM file with it, which a plain undefine refuses to do.
 */
@QuarkusTest
class UefiDomainTest {

    private static final Pattern NVRAM = Pattern.compile("<nvram[^>]*>([^<]+)</nvram>");

    @Inject
    Hypervisor hypervisor;

    @Inject
    DataHome home;

    @Inject
    DiskImages disks;

    private String name;
    private Path dir;

    @BeforeEach
    void realEnvironment() {
        TestGuest.assumeRealEnvironment();
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        name = "ec2test-uefi-" + HexFormat.of().formatHex(random);
        dir = home.instances().resolve(name);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (name != null && hypervisor.findDomain(name).isPresent()) {
            hypervisor.destroyDomain(name);
            Tools.run(List.of("virsh", "-q", "-c", hypervisor.status().uri(), "undefine", "--nvram", name));
        }
        if (dir != null && Files.exists(dir)) {
            Tools.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @Test
    @DisplayName("an arm64 UEFI domain runs its firmware; a redefinition keeps its NVRAM file, undefine removes it")
    void uefiDomainIsUndefinedWithItsNvram() throws Exception {
        Files.createDirectories(dir);
        Path disk = dir.resolve("disk.qcow2");
        Path base = home.images().resolve(TestGuest.register(home) + ".qcow2");
        disks.createOverlay(base, disk, 1);
        // a seed ISO as provisioning attaches one: on aarch64 it needs a bus the virt board has (no IDE)
        Path seed = dir.resolve("cloud-init.iso");
        Files.writeString(dir.resolve("meta-data"), "instance-id: " + name + "\n");
        Tools.run(List.of("genisoimage", "-quiet", "-o", seed.toString(), "-V", "cidata", "-J", "-r",
                dir.resolve("meta-data").toString()));
        disks.allowRead(seed);
        Path console = dir.resolve("console.log");
        String mac = "52:54:fe:" + name.substring(13, 15) + ":" + name.substring(15, 17) + ":" + name.substring(17);
        hypervisor.defineDomain(new DomainSpec(name, Accelerator.TCG, Arch.AARCH64, 1, 512, disk, seed, "ec2-as-service",
                mac, console, new DomainSpec.DomainMetadata("t2.nano", "uefi probe", null, TestGuest.IMAGE_ID)));

        hypervisor.startDomain(name);
        assertThat(hypervisor.findDomain(name).orElseThrow().state()).isEqualTo(DomainState.RUNNING);
        // libvirt fills in the firmware when it starts the domain; the live definition names the NVRAM file
        Path nvram = nvramOf(Tools.run(List.of("virsh", "-q", "-c", hypervisor.status().uri(), "dumpxml", name)));
        assertThat(nvram).as("NVRAM file").exists();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(console) && Files.readString(console).contains("UEFI"));

        hypervisor.destroyDomain(name);
        assertThat(nvram).as("the NVRAM file outlives a stop").exists();

        // a type change redefines the shut-off domain: same UUID, new memory, the same NVRAM file kept
        String uuid = hypervisor.findDomain(name).orElseThrow().uuid();
        hypervisor.redefineDomain(new DomainSpec(name, Accelerator.TCG, Arch.AARCH64, 1, 1024, disk, seed,
                "ec2-as-service", mac, console, new DomainSpec.DomainMetadata("t2.micro", "uefi probe", null,
                        TestGuest.IMAGE_ID)));
        assertThat(hypervisor.findDomain(name).orElseThrow().uuid()).isEqualTo(uuid);
        assertThat(nvram).as("the NVRAM file outlives a redefinition").exists();
        hypervisor.startDomain(name);
        String redefined = Tools.run(List.of("virsh", "-q", "-c", hypervisor.status().uri(), "dumpxml", name));
        assertThat(redefined).contains("<memory unit='KiB'>1048576</memory>");
        assertThat(nvramOf(redefined)).as("the redefined domain boots with its NVRAM file").isEqualTo(nvram);
        hypervisor.destroyDomain(name);
        hypervisor.undefineDomain(name);

        assertThat(hypervisor.findDomain(name)).isEmpty();
        assertThat(nvram).as("NVRAM file after undefine").doesNotExist();
    }

    private static Path nvramOf(String liveXml) {
        Matcher m = NVRAM.matcher(liveXml);
        assertThat(m.find()).as("the live definition has an <nvram> element:\n" + liveXml).isTrue();
        return Path.of(m.group(1).trim());
    }
}
