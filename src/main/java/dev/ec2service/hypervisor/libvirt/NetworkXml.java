package dev.ec2service.hypervisor.libvirt;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/** libvirt's network XML, the parts we write and read back. */
@JacksonXmlRootElement(localName = "network")
class NetworkXml {
    public String name;
    public Forward forward;
    public Ip ip;

    static class Forward {
        @JacksonXmlProperty(isAttribute = true)
        public String mode;
    }

    static class Ip {
        @JacksonXmlProperty(isAttribute = true)
        public String address;
        @JacksonXmlProperty(isAttribute = true)
        public String netmask;
        @JacksonXmlProperty(isAttribute = true)
        public Integer prefix;
        public Dhcp dhcp;
    }

    static class Dhcp {
        public Range range;
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "host")
        public List<Host> hosts = new ArrayList<>();
    }

    static class Range {
        @JacksonXmlProperty(isAttribute = true)
        public String start;
        @JacksonXmlProperty(isAttribute = true)
        public String end;
    }

    @JacksonXmlRootElement(localName = "host")
    static class Host {
        @JacksonXmlProperty(isAttribute = true)
        public String mac;
        @JacksonXmlProperty(isAttribute = true)
        public String name;
        @JacksonXmlProperty(isAttribute = true)
        public String ip;

        static Host of(DhcpHost host) {
            Host h = new Host();
            h.mac = host.mac();
            h.name = host.name();
            h.ip = host.ip();
            return h;
        }
    }

    static NetworkXml of(NetworkSpec spec) {
        NetworkXml xml = new NetworkXml();
        xml.name = spec.name();
        xml.forward = new Forward();
        xml.forward.mode = "nat";
        xml.ip = new Ip();
        xml.ip.address = spec.gateway();
        xml.ip.prefix = spec.prefix();
        xml.ip.dhcp = new Dhcp();
        xml.ip.dhcp.range = new Range();
        xml.ip.dhcp.range.start = spec.dhcpStart();
        xml.ip.dhcp.range.end = spec.dhcpEnd();
        spec.hosts().forEach(h -> xml.ip.dhcp.hosts.add(Host.of(h)));
        return xml;
    }

    NetworkSpec toSpec() {
        Ip addressing = ip == null ? new Ip() : ip;
        int prefixLength = addressing.prefix != null ? addressing.prefix : prefixOf(addressing.netmask);
        Dhcp dhcpPart = addressing.dhcp == null ? new Dhcp() : addressing.dhcp;
        Range range = dhcpPart.range == null ? new Range() : dhcpPart.range;
        List<DhcpHost> hosts = dhcpPart.hosts == null ? List.of()
                : dhcpPart.hosts.stream().map(h -> new DhcpHost(h.mac, h.ip, h.name)).toList();
        return new NetworkSpec(name, String.valueOf(addressing.address), prefixLength,
                String.valueOf(range.start), String.valueOf(range.end), hosts);
    }

    private static int prefixOf(String netmask) {
        if (netmask == null) {
            return -1;
        }
        int bits = 0;
        for (String part : netmask.split("\\.")) {
            bits += Integer.bitCount(Integer.parseInt(part));
        }
        return bits;
    }
}
