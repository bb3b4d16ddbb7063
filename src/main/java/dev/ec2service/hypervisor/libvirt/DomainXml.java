package dev.ec2service.hypervisor.libvirt;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;
import dev.ec2service.hypervisor.Accelerator;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.platform.arch.Arch;
import java.util.ArrayList;
import java.util.List;

/** libvirt's domain XML, following the schema element by element for the guests we define. */
@JacksonXmlRootElement(localName = "domain")
class DomainXml {
    /** Namespace of our own metadata element inside the domain. */
    static final String METADATA_NS = "urn:ec2-as-service:instance:1";
    /** Emulation caches translated code; a bounded cache keeps a TCG guest's QEMU near 0.5 GB instead of 1.3 GB. */
    static final int TCG_TB_CACHE_MIB = 128;
    /** An emulated arm64 CPU every arm64 distribution kernel runs on, without the costly extras of {@code max}. */
    static final String ARM_TCG_CPU = "cortex-a57";

    @JacksonXmlProperty(isAttribute = true)
    public String type;
    public String name;
    /** Only when an existing definition is replaced; libvirt makes one up for a new domain. */
    public String uuid;
    public Metadata metadata;
    public Sized memory;
    public Integer vcpu;
    public Os os;
    public Features features;
    public Cpu cpu;
    public Clock clock;
    @JacksonXmlProperty(localName = "on_poweroff")
    public String onPoweroff;
    @JacksonXmlProperty(localName = "on_reboot")
    public String onReboot;
    @JacksonXmlProperty(localName = "on_crash")
    public String onCrash;
    public Devices devices;

    static class Metadata {
        @JacksonXmlProperty(localName = "instance", namespace = METADATA_NS)
        public Ec2 instance;
    }

    static class Ec2 {
        @JacksonXmlProperty(namespace = METADATA_NS)
        public String type;
        @JacksonXmlProperty(namespace = METADATA_NS)
        public String name;
        @JacksonXmlProperty(namespace = METADATA_NS)
        public String key;
        @JacksonXmlProperty(namespace = METADATA_NS)
        public String image;
    }

    static class Sized {
        @JacksonXmlProperty(isAttribute = true)
        public String unit;
        @JacksonXmlText
        public String value;

        static Sized of(String unit, long value) {
            Sized s = new Sized();
            s.unit = unit;
            s.value = Long.toString(value);
            return s;
        }
    }

    static class Os {
        @JacksonXmlProperty(isAttribute = true)
        public String firmware;
        public OsType type;
        /**
         * Constraints on the firmware libvirt picks from the installed descriptors (AAVMF on Linux, edk2 on
         * macOS). Written through the wrapper: an element named like the {@code firmware} attribute would clash.
         */
        @JacksonXmlElementWrapper(localName = "firmware")
        @JacksonXmlProperty(localName = "feature")
        public List<FirmwareFeature> firmwareFeatures;
        public Boot boot;
    }

    static class FirmwareFeature {
        @JacksonXmlProperty(isAttribute = true)
        public String enabled;
        @JacksonXmlProperty(isAttribute = true)
        public String name;

        static FirmwareFeature off(String name) {
            FirmwareFeature f = new FirmwareFeature();
            f.enabled = "no";
            f.name = name;
            return f;
        }
    }

    static class OsType {
        @JacksonXmlProperty(isAttribute = true)
        public String arch;
        @JacksonXmlProperty(isAttribute = true)
        public String machine;
        @JacksonXmlText
        public String value = "hvm";
    }

    static class Boot {
        @JacksonXmlProperty(isAttribute = true)
        public String dev = "hd";
    }

    static class Features {
        public Empty acpi = new Empty();
        public Empty apic;
        public Tcg tcg;
    }

    static class Empty {
    }

    static class Tcg {
        @JacksonXmlProperty(localName = "tb-cache")
        public Sized tbCache;
    }

    static class Cpu {
        @JacksonXmlProperty(isAttribute = true)
        public String mode;
        @JacksonXmlProperty(isAttribute = true)
        public String match;
        public CpuModel model;
    }

    static class CpuModel {
        @JacksonXmlProperty(isAttribute = true)
        public String fallback;
        @JacksonXmlText
        public String value;
    }

    static class Clock {
        @JacksonXmlProperty(isAttribute = true)
        public String offset = "utc";
    }

    static class Devices {
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "controller")
        public List<Controller> controllers = new ArrayList<>();
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "disk")
        public List<Disk> disks = new ArrayList<>();
        @JacksonXmlProperty(localName = "interface")
        public Interface iface;
        public Serial serial;
        public Console console;
        public Rng rng;
        public Memballoon memballoon;
    }

    static class Controller {
        @JacksonXmlProperty(isAttribute = true)
        public String type;
        @JacksonXmlProperty(isAttribute = true)
        public String model;
    }

    static class Disk {
        @JacksonXmlProperty(isAttribute = true)
        public String type = "file";
        @JacksonXmlProperty(isAttribute = true)
        public String device;
        public Driver driver;
        public Source source;
        public Target target;
        public Empty readonly;
    }

    static class Driver {
        @JacksonXmlProperty(isAttribute = true)
        public String name = "qemu";
        @JacksonXmlProperty(isAttribute = true)
        public String type;
    }

    static class Source {
        @JacksonXmlProperty(isAttribute = true)
        public String file;
        @JacksonXmlProperty(isAttribute = true)
        public String network;
        public Seclabel seclabel;
    }

    /**
     * libvirt's dynamic ownership would chown the base image behind an overlay to the QEMU user and
     * never give it back; the data home grants QEMU access through ACLs instead.
     */
    static class Seclabel {
        @JacksonXmlProperty(isAttribute = true)
        public String model = "dac";
        @JacksonXmlProperty(isAttribute = true)
        public String relabel = "no";
    }

    static class Target {
        @JacksonXmlProperty(isAttribute = true)
        public String dev;
        @JacksonXmlProperty(isAttribute = true)
        public String bus;
    }

    static class Interface {
        @JacksonXmlProperty(isAttribute = true)
        public String type = "network";
        public Mac mac;
        public Source source;
        public Model model;
    }

    static class Mac {
        @JacksonXmlProperty(isAttribute = true)
        public String address;
    }

    static class Model {
        @JacksonXmlProperty(isAttribute = true)
        public String type;
    }

    static class Serial {
        @JacksonXmlProperty(isAttribute = true)
        public String type = "pty";
        public LogFile log;
        public SerialTarget target = new SerialTarget();
    }

    static class LogFile {
        @JacksonXmlProperty(isAttribute = true)
        public String file;
        @JacksonXmlProperty(isAttribute = true)
        public String append = "on";
    }

    static class SerialTarget {
        @JacksonXmlProperty(isAttribute = true)
        public Integer port = 0;
    }

    static class Console {
        @JacksonXmlProperty(isAttribute = true)
        public String type = "pty";
        public ConsoleTarget target = new ConsoleTarget();
    }

    static class ConsoleTarget {
        @JacksonXmlProperty(isAttribute = true)
        public String type = "serial";
        @JacksonXmlProperty(isAttribute = true)
        public Integer port = 0;
    }

    static class Rng {
        @JacksonXmlProperty(isAttribute = true)
        public String model = "virtio";
        public Backend backend = new Backend();
    }

    static class Backend {
        @JacksonXmlProperty(isAttribute = true)
        public String model = "random";
        @JacksonXmlText
        public String value = "/dev/urandom";
    }

    static class Memballoon {
        @JacksonXmlProperty(isAttribute = true)
        public String model = "none";
    }

    /**
     * For a session connection ({@code qemu:///session}): QEMU runs as the user who owns the files, and such a
     * libvirt has no DAC security driver at all, so a disk's DAC label would be refused ("Security driver model
     * 'dac' is not available"); the labels go.
     */
    DomainXml withoutDacLabels() {
        if (devices != null) {
            devices.disks.forEach(d -> {
                if (d.source != null) {
                    d.source.seclabel = null;
                }
            });
        }
        return this;
    }

    static DomainXml of(DomainSpec spec) {
        boolean arm = spec.arch() == Arch.AARCH64;
        DomainXml xml = new DomainXml();
        xml.type = spec.accelerator().domainType();
        xml.name = spec.name();
        xml.metadata = new Metadata();
        xml.metadata.instance = new Ec2();
        xml.metadata.instance.type = spec.metadata().instanceType();
        xml.metadata.instance.name = spec.metadata().name();
        xml.metadata.instance.key = spec.metadata().keyName();
        xml.metadata.instance.image = spec.metadata().imageId();
        xml.memory = Sized.of("MiB", spec.memoryMb());
        xml.vcpu = spec.vcpus();
        xml.os = new Os();
        xml.os.type = new OsType();
        xml.os.type.arch = spec.arch().qemuName();
        // aarch64 guests boot through UEFI on the virt board; x86 cloud images boot with SeaBIOS on pc
        xml.os.type.machine = arm ? "virt" : "pc";
        if (arm) {
            // libvirt picks the UEFI build and copies its variable store into a per-domain NVRAM file, which
            // undefine removes. Without these constraints it would pick the first descriptor, on Debian AAVMF with
            // Secure Boot and Microsoft's keys enrolled, which refuses any image not signed through Microsoft.
            xml.os.firmware = "efi";
            xml.os.firmwareFeatures = List.of(FirmwareFeature.off("secure-boot"), FirmwareFeature.off("enrolled-keys"));
        }
        xml.os.boot = new Boot();
        xml.features = new Features();
        xml.features.apic = arm ? null : new Empty();
        if (spec.accelerator() == Accelerator.TCG) {
            xml.features.tcg = new Tcg();
            xml.features.tcg.tbCache = Sized.of("MiB", TCG_TB_CACHE_MIB);
            if (arm) {
                // QEMU's default CPU on the virt board is a 32-bit cortex-a15, which cannot run an arm64 kernel
                xml.cpu = new Cpu();
                xml.cpu.mode = "custom";
                xml.cpu.match = "exact";
                xml.cpu.model = new CpuModel();
                xml.cpu.model.fallback = "forbid";
                xml.cpu.model.value = ARM_TCG_CPU;
            }
        } else {
            xml.cpu = new Cpu();
            xml.cpu.mode = "host-passthrough";
        }
        xml.clock = new Clock();
        xml.onPoweroff = "destroy";
        xml.onReboot = "restart";
        xml.onCrash = "destroy";
        xml.devices = devices(spec, arm);
        return xml;
    }

    /** The CD-ROM drive of the seed ISO; without {@code loaded}, the drive is empty. */
    static Disk seedDrive(DomainSpec spec, boolean loaded) {
        boolean arm = spec.arch() == Arch.AARCH64;
        Disk cdrom = new Disk();
        cdrom.device = "cdrom";
        cdrom.driver = new Driver();
        cdrom.driver.type = "raw";
        if (loaded) {
            cdrom.source = new Source();
            cdrom.source.file = spec.seedIso().toString();
            cdrom.source.seclabel = new Seclabel();
        }
        cdrom.target = new Target();
        cdrom.target.dev = arm ? "sda" : "hdc";
        cdrom.target.bus = arm ? "scsi" : "ide";
        cdrom.readonly = new Empty();
        return cdrom;
    }

    private static Devices devices(DomainSpec spec, boolean arm) {
        Devices devices = new Devices();
        Disk disk = new Disk();
        disk.device = "disk";
        disk.driver = new Driver();
        disk.driver.type = "qcow2";
        disk.source = new Source();
        disk.source.file = spec.disk().toString();
        disk.source.seclabel = new Seclabel();
        disk.target = new Target();
        disk.target.dev = "vda";
        disk.target.bus = "virtio";
        devices.disks.add(disk);
        if (spec.seedIso() != null) {
            devices.disks.add(seedDrive(spec, !spec.seedLater()));
            if (arm) {
                Controller scsi = new Controller();
                scsi.type = "scsi";
                scsi.model = "virtio-scsi";
                devices.controllers.add(scsi);
            }
        }
        devices.iface = new Interface();
        devices.iface.mac = new Mac();
        devices.iface.mac.address = spec.mac();
        if (spec.attachment() == DomainSpec.Attachment.USER) {
            // QEMU's slirp; its netdev is hostnet0, the name the forwards are added to
            devices.iface.type = "user";
        } else {
            devices.iface.source = new Source();
            devices.iface.source.network = spec.network();
        }
        devices.iface.model = new Model();
        devices.iface.model.type = "virtio";
        devices.serial = new Serial();
        if (spec.consoleLog() != null) {
            devices.serial.log = new LogFile();
            devices.serial.log.file = spec.consoleLog().toString();
        }
        devices.console = new Console();
        devices.rng = new Rng();
        devices.memballoon = new Memballoon();
        return devices;
    }
}
