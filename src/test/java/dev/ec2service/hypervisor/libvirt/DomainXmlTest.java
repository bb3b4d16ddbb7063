package dev.ec2service.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.Accelerator;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.platform.arch.Arch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The XML the adapter writes, read back with XPath; UefiDomainTest proves libvirt and QEMU accept it. */
class DomainXmlTest {

    private static DomainSpec spec(Arch arch, Accelerator accelerator) {
        return new DomainSpec("i-0123abcd", accelerator, arch, 1, 512, Path.of("/h/instances/i-0123abcd/disk.qcow2"),
                Path.of("/h/instances/i-0123abcd/cloud-init.iso"), "ec2-as-service", "52:54:01:23:ab:cd",
                Path.of("/h/instances/i-0123abcd/console.log"),
                new DomainSpec.DomainMetadata("t2.nano", "web", null, "ubuntu-22.04"));
    }

    @Test
    @DisplayName("arm64: UEFI chosen by libvirt without Secure Boot, the virt board, an arm64 CPU under TCG, the seed on SCSI")
    void arm64Uefi() throws Exception {
        DocXPath x = DocXPath.of(DomainXml.of(spec(Arch.AARCH64, Accelerator.TCG)));
        assertThat(x.get("/domain/os/@firmware")).isEqualTo("efi");
        assertThat(x.get("/domain/os/type/@arch")).isEqualTo("aarch64");
        assertThat(x.get("/domain/os/type/@machine")).isEqualTo("virt");
        assertThat(x.get("/domain/os/firmware/feature[@name='secure-boot']/@enabled")).isEqualTo("no");
        assertThat(x.get("/domain/os/firmware/feature[@name='enrolled-keys']/@enabled")).isEqualTo("no");
        assertThat(x.count("/domain/os/loader | /domain/os/nvram")).as("libvirt picks loader and NVRAM").isZero();
        assertThat(x.get("/domain/cpu/@mode")).isEqualTo("custom");
        assertThat(x.get("/domain/cpu/model")).isEqualTo("cortex-a57");
        assertThat(x.count("/domain/features/apic")).isZero();
        assertThat(x.get("/domain/devices/disk[@device='disk']/target/@bus")).isEqualTo("virtio");
        assertThat(x.get("/domain/devices/disk[@device='cdrom']/target/@bus")).isEqualTo("scsi");
        assertThat(x.get("/domain/devices/controller[@type='scsi']/@model")).isEqualTo("virtio-scsi");
        assertThat(x.count("//target[@bus='ide']")).isZero();
        assertThat(x.get("/domain/devices/interface/model/@type")).isEqualTo("virtio");
    }

    @Test
    @DisplayName("user-mode networking: a user interface with the MAC and no libvirt network")
    void userNetworking() throws Exception {
        DomainSpec network = spec(Arch.X86_64, Accelerator.TCG);
        DomainSpec user = new DomainSpec(network.name(), network.accelerator(), network.arch(), network.vcpus(),
                network.memoryMb(), network.disk(), network.seedIso(), null, network.mac(), network.consoleLog(),
                network.metadata(), DomainSpec.Attachment.USER);
        DocXPath x = DocXPath.of(DomainXml.of(user));
        assertThat(x.get("/domain/devices/interface/@type")).isEqualTo("user");
        assertThat(x.get("/domain/devices/interface/mac/@address")).isEqualTo("52:54:01:23:ab:cd");
        assertThat(x.get("/domain/devices/interface/model/@type")).isEqualTo("virtio");
        assertThat(x.count("/domain/devices/interface/source")).isZero();
        assertThat(DocXPath.of(DomainXml.of(network)).get("/domain/devices/interface/source/@network"))
                .isEqualTo("ec2-as-service");
    }

    @Test
    @DisplayName("a session connection gets no DAC labels on the disks (it has no DAC driver); a system one keeps them")
    void sessionLabels() throws Exception {
        DomainSpec spec = spec(Arch.X86_64, Accelerator.TCG);
        assertThat(DocXPath.of(DomainXml.of(spec)).count("//disk/source/seclabel[@model='dac']")).isEqualTo(2);
        assertThat(DocXPath.of(DomainXml.of(spec).withoutDacLabels()).count("//seclabel")).isZero();
    }

    @Test
    @DisplayName("a domain prepared before its seed exists has the same seed drive, empty, and the seed alone fills it")
    void seedLater() throws Exception {
        DomainSpec spec = spec(Arch.X86_64, Accelerator.TCG);
        DocXPath later = DocXPath.of(DomainXml.of(spec.withSeedLater()));
        assertThat(later.count("/domain/devices/disk[@device='cdrom']")).isEqualTo(1);
        assertThat(later.count("/domain/devices/disk[@device='cdrom']/source")).isZero();
        assertThat(later.get("/domain/devices/disk[@device='cdrom']/target/@dev")).isEqualTo("hdc");
        assertThat(later.count("/domain/devices/disk[@device='cdrom']/readonly")).isEqualTo(1);
        DocXPath drive = DocXPath.of(LibvirtXml.write(DomainXml.seedDrive(spec, true), "disk"));
        assertThat(drive.get("/disk/@device")).isEqualTo("cdrom");
        assertThat(drive.get("/disk/source/@file")).isEqualTo(spec.seedIso().toString());
        assertThat(drive.get("/disk/target/@dev")).isEqualTo("hdc");
        assertThat(drive.get("/disk/target/@bus")).isEqualTo("ide");
        DocXPath whole = DocXPath.of(DomainXml.of(spec));
        assertThat(whole.get("/domain/devices/disk[@device='cdrom']/source/@file"))
                .isEqualTo(spec.seedIso().toString());
        // arm64: the same SCSI drive and controller as a domain defined with its seed
        DomainSpec arm = spec(Arch.AARCH64, Accelerator.TCG);
        DocXPath armLater = DocXPath.of(DomainXml.of(arm.withSeedLater()));
        assertThat(armLater.get("/domain/devices/disk[@device='cdrom']/target/@bus")).isEqualTo("scsi");
        assertThat(armLater.count("/domain/devices/disk[@device='cdrom']/source")).isZero();
        assertThat(armLater.count("/domain/devices/controller[@type='scsi']")).isEqualTo(1);
        assertThat(DocXPath.of(LibvirtXml.write(DomainXml.seedDrive(arm, true), "disk")).get("/disk/target/@dev"))
                .isEqualTo("sda");
    }

    @Test
    @DisplayName("arm64 with hardware acceleration (KVM, HVF on Apple Silicon) passes the host CPU through")
    void arm64Accelerated() throws Exception {
        DocXPath x = DocXPath.of(DomainXml.of(spec(Arch.AARCH64, Accelerator.KVM)));
        assertThat(x.get("/domain/@type")).isEqualTo("kvm");
        assertThat(x.get("/domain/cpu/@mode")).isEqualTo("host-passthrough");
        assertThat(x.get("/domain/os/@firmware")).isEqualTo("efi");
        DocXPath hvf = DocXPath.of(DomainXml.of(spec(Arch.AARCH64, Accelerator.HVF)));
        assertThat(hvf.get("/domain/@type")).isEqualTo("hvf");
        assertThat(hvf.get("/domain/cpu/@mode")).isEqualTo("host-passthrough");
        assertThat(hvf.get("/domain/os/type/@machine")).isEqualTo("virt");
        assertThat(hvf.count("/domain/features/tcg")).isZero();
        assertThat(hvf.get("/domain/devices/disk[@device='cdrom']/target/@bus")).isEqualTo("scsi");
    }

    @Test
    @DisplayName("x86_64: BIOS on the pc board, no firmware element, the seed on IDE")
    void x86Bios() throws Exception {
        DocXPath x = DocXPath.of(DomainXml.of(spec(Arch.X86_64, Accelerator.TCG)));
        assertThat(x.count("/domain/os/@firmware | /domain/os/firmware")).isZero();
        assertThat(x.get("/domain/os/type/@machine")).isEqualTo("pc");
        assertThat(x.count("/domain/cpu")).isZero();
        assertThat(x.count("/domain/features/apic")).isOne();
        assertThat(x.get("/domain/devices/disk[@device='cdrom']/target/@bus")).isEqualTo("ide");
        assertThat(x.count("/domain/devices/controller")).isZero();
    }

    /** XPath over one written document. */
    private record DocXPath(XPath xpath, Document doc) {
        static DocXPath of(DomainXml xml) throws Exception {
            return of(LibvirtXml.write(xml));
        }

        static DocXPath of(String text) throws Exception {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            return new DocXPath(XPathFactory.newInstance().newXPath(), doc);
        }

        String get(String expression) throws Exception {
            return xpath.evaluate(expression, doc);
        }

        int count(String expression) throws Exception {
            return ((Number) xpath.evaluate("count(" + expression + ")", doc, XPathConstants.NUMBER))
                    .intValue();
        }
    }
}
