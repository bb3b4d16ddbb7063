package dev.ec2service.hypervisor.libvirt;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a running domain's XML that names its devices on the host: the disk targets ({@code vda}) and the
 * tap devices libvirt made for its interfaces ({@code vnet3}), which the block and interface statistics take.
 */
@JacksonXmlRootElement(localName = "domain")
class LiveDevicesXml {

    public Devices devices;

    static class Devices {
        @JacksonXmlProperty(localName = "disk")
        @JacksonXmlElementWrapper(useWrapping = false)
        public List<Disk> disks = new ArrayList<>();
        @JacksonXmlProperty(localName = "interface")
        @JacksonXmlElementWrapper(useWrapping = false)
        public List<Interface> interfaces = new ArrayList<>();
    }

    static class Disk {
        @JacksonXmlProperty(isAttribute = true)
        public String device;
        public Target target;
    }

    static class Interface {
        public Target target;
    }

    static class Target {
        @JacksonXmlProperty(isAttribute = true)
        public String dev;
    }

    /** Targets of the hard disks (not the seed CD-ROM, which may have no medium). */
    List<String> diskTargets() {
        List<String> result = new ArrayList<>();
        if (devices != null) {
            for (Disk d : devices.disks) {
                if ("disk".equals(d.device) && d.target != null && d.target.dev != null) {
                    result.add(d.target.dev);
                }
            }
        }
        return result;
    }

    /** The host-side devices of the interfaces; an interface without one (user networking) is left out. */
    List<String> interfaceTargets() {
        List<String> result = new ArrayList<>();
        if (devices != null) {
            for (Interface i : devices.interfaces) {
                if (i.target != null && i.target.dev != null) {
                    result.add(i.target.dev);
                }
            }
        }
        return result;
    }
}
