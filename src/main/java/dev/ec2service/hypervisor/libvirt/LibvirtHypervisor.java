package dev.ec2service.hypervisor.libvirt;

import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainLifecycleListener;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.DomainStats;
import dev.ec2service.hypervisor.HostForward;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorStatus;
import dev.ec2service.hypervisor.HypervisorUri;
import dev.ec2service.hypervisor.NetworkSpec;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.hypervisor.StoragePoolSpec;
import dev.ec2service.hypervisor.StoragePoolState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainBlockStats;
import org.libvirt.DomainInterfaceStats;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;
import org.libvirt.Network;
import org.libvirt.StoragePool;

/** The {@link Hypervisor} port on libvirt-java (plus the JNA calls it lacks). */
@ApplicationScoped
public class LibvirtHypervisor implements Hypervisor {

    /** The netdev of a domain's first interface, as libvirt names it: where user-mode forwards are added. */
    static final String USER_NETDEV = "hostnet0";
    /** virDomainUndefineFlags the binding has no constant for. */
    static final int UNDEFINE_NVRAM = 1 << 2;
    static final int UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;
    /**
     * A plain undefine refuses a domain that has an NVRAM file (every UEFI guest once started), a managed save
     * image, snapshots or checkpoints; the instance owns all of them, so they go with it.
     */
    /** virDomainMemoryStatTags: the QEMU process's resident set, in KiB; and how many tags to ask for. */
    static final int MEMORY_STAT_RSS = 7;
    static final int MEMORY_STAT_COUNT = 16;
    static final int UNDEFINE_EVERYTHING = Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA
            | UNDEFINE_NVRAM | UNDEFINE_CHECKPOINTS_METADATA;

    private final LibvirtConnection connection;

    LibvirtHypervisor(LibvirtConnection connection) {
        this.connection = connection;
    }

    @Override
    public HypervisorStatus status() {
        if (!connection.isConnected()) {
            return new HypervisorStatus(false, connection.uri(), null, null, null, connection.lastError());
        }
        try {
            return connection.call(c -> new HypervisorStatus(true, connection.uri(),
                    version(c.getLibVersion()), c.getType(), version(c.getVersion()), null));
        } catch (RuntimeException e) {
            return new HypervisorStatus(false, connection.uri(), null, null, null, e.getMessage());
        }
    }

    @Override
    public void requireConnected() {
        connection.requireAlive();
    }

    @Override
    public Optional<NetworkState> findNetwork(String name) {
        return connection.call(c -> {
            Network network = lookupNetwork(c, name);
            if (network == null) {
                return Optional.empty();
            }
            NetworkXml xml = LibvirtXml.read(network.getXMLDesc(0), NetworkXml.class);
            String mode = xml.forward == null ? "isolated" : xml.forward.mode;
            return Optional.of(new NetworkState(xml.toSpec(), mode, network.isActive() == 1, network.getAutostart()));
        });
    }

    @Override
    public void defineNetwork(NetworkSpec spec) {
        connection.call(c -> c.networkDefineXML(LibvirtXml.write(NetworkXml.of(spec))));
    }

    @Override
    public void startNetwork(String name) {
        connection.call(c -> {
            c.networkLookupByName(name).create();
            return null;
        });
    }

    @Override
    public void setNetworkAutostart(String name) {
        connection.call(c -> {
            c.networkLookupByName(name).setAutostart(true);
            return null;
        });
    }

    @Override
    public void addDhcpHost(String network, DhcpHost host) {
        connection.call(c -> {
            NetworkNative.update(c.networkLookupByName(network), NetworkNative.UPDATE_COMMAND_ADD_LAST,
                    LibvirtXml.write(NetworkXml.Host.of(host)));
            return null;
        });
    }

    @Override
    public void removeDhcpHost(String network, DhcpHost host) {
        connection.call(c -> {
            NetworkNative.update(c.networkLookupByName(network), NetworkNative.UPDATE_COMMAND_DELETE,
                    LibvirtXml.write(NetworkXml.Host.of(host)));
            return null;
        });
    }

    @Override
    public List<DhcpLease> dhcpLeases(String network) {
        return connection.call(c -> NetworkNative.leases(c.networkLookupByName(network)));
    }

    @Override
    public Optional<StoragePoolState> findStoragePool(String name) {
        return connection.call(c -> {
            StoragePool pool;
            try {
                pool = c.storagePoolLookupByName(name);
            } catch (LibvirtException e) {
                if (LibvirtErrors.isMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
            StoragePoolXml xml = LibvirtXml.read(pool.getXMLDesc(0), StoragePoolXml.class);
            String path = xml.target == null ? null : xml.target.path;
            return Optional.of(new StoragePoolState(name, xml.type, path, pool.isActive() == 1, pool.getAutostart()));
        });
    }

    @Override
    public void defineStoragePool(StoragePoolSpec spec) {
        connection.call(c -> c.storagePoolDefineXML(LibvirtXml.write(StoragePoolXml.dir(spec.name(), spec.targetPath())), 0));
    }

    @Override
    public void startStoragePool(String name) {
        connection.call(c -> {
            c.storagePoolLookupByName(name).create(0);
            return null;
        });
    }

    @Override
    public void setStoragePoolAutostart(String name) {
        connection.call(c -> {
            c.storagePoolLookupByName(name).setAutostart(1);
            return null;
        });
    }

    @Override
    public void defineDomain(DomainSpec spec) {
        connection.call(c -> c.domainDefineXML(LibvirtXml.write(domainXml(spec))));
    }

    @Override
    public void redefineDomain(DomainSpec spec) {
        connection.call(c -> {
            Domain domain = c.domainLookupByName(spec.name());
            if (domain.isActive() == 1) {
                throw new HypervisorException("domain " + spec.name() + " is running; only a shut-off domain is "
                        + "redefined");
            }
            DomainXml xml = domainXml(spec);
            // the same UUID makes libvirt replace the definition instead of refusing a second domain of the name
            xml.uuid = domain.getUUIDString();
            c.domainDefineXML(LibvirtXml.write(xml));
            return null;
        });
    }

    @Override
    public void startDomain(String name) {
        connection.call(c -> c.domainLookupByName(name).create());
    }

    @Override
    public void startDomainPaused(String name) {
        connection.call(c -> c.domainLookupByName(name).create(Domain.CreateFlags.PAUSED));
    }

    @Override
    public void insertSeed(DomainSpec spec) {
        connection.call(c -> {
            Domain domain = c.domainLookupByName(spec.name());
            if (domain.isActive() != 1) {
                throw new HypervisorException("domain " + spec.name() + " is not running; its seed is inserted only "
                        + "while it is paused before its first boot");
            }
            DomainXml.Disk drive = DomainXml.seedDrive(spec, true);
            if (!HypervisorUri.isSystem(connection.uri())) {
                drive.source.seclabel = null;
            }
            // the same source again changes nothing, so a launch resumed after a crash may insert it twice
            domain.updateDeviceFlags(LibvirtXml.write(drive, "disk"), Domain.DeviceModifyFlags.LIVE);
            DomainXml xml = domainXml(spec);
            xml.uuid = domain.getUUIDString();
            c.domainDefineXML(LibvirtXml.write(xml));
            return null;
        });
    }

    @Override
    public void resumeDomain(String name) {
        connection.call(c -> {
            c.domainLookupByName(name).resume();
            return null;
        });
    }

    @Override
    public void shutdownDomain(String name) {
        connection.call(c -> {
            c.domainLookupByName(name).shutdown();
            return null;
        });
    }

    @Override
    public void rebootDomain(String name) {
        connection.call(c -> {
            c.domainLookupByName(name).reboot(0);
            return null;
        });
    }

    @Override
    public void destroyDomain(String name) {
        connection.call(c -> {
            Domain domain = lookupDomain(c, name);
            if (domain != null && domain.isActive() == 1) {
                domain.destroy();
            }
            return null;
        });
    }

    private DomainXml domainXml(DomainSpec spec) {
        DomainXml xml = DomainXml.of(spec);
        return HypervisorUri.isSystem(connection.uri()) ? xml : xml.withoutDacLabels();
    }

    @Override
    public void forwardHostPort(String name, HostForward forward) {
        String rule = "tcp:" + forward.hostAddress() + ":" + forward.hostPort();
        connection.call(c -> {
            Domain domain = c.domainLookupByName(name);
            // an earlier forward of this port (the service restarted while the domain ran) would make the add fail
            QemuMonitorNative.hmp(domain, "hostfwd_remove " + USER_NETDEV + " " + rule);
            String out = QemuMonitorNative.hmp(domain, "hostfwd_add " + USER_NETDEV + " " + rule + "-:"
                    + forward.guestPort());
            if (!out.isEmpty()) {
                throw new HypervisorException("QEMU did not forward " + rule + " to port " + forward.guestPort()
                        + " of " + name + ": " + out);
            }
            return null;
        });
    }

    @Override
    public void unforwardHostPort(String name, HostForward forward) {
        String rule = "tcp:" + forward.hostAddress() + ":" + forward.hostPort();
        connection.call(c -> {
            Domain domain = lookupDomain(c, name);
            if (domain != null && domain.isActive() == 1) {
                QemuMonitorNative.hmp(domain, "hostfwd_remove " + USER_NETDEV + " " + rule);
            }
            return null;
        });
    }

    @Override
    public void undefineDomain(String name) {
        connection.call(c -> {
            Domain domain = lookupDomain(c, name);
            if (domain != null) {
                domain.undefine(UNDEFINE_EVERYTHING);
            }
            return null;
        });
    }

    @Override
    public Optional<DomainInfo> findDomain(String name) {
        return connection.call(c -> Optional.ofNullable(lookupDomain(c, name)).map(LibvirtHypervisor::describeUnchecked));
    }

    @Override
    public List<DomainInfo> listDomains() {
        return connection.call(c -> {
            List<DomainInfo> result = new ArrayList<>();
            for (Domain d : c.listAllDomains(0)) {
                result.add(describe(d));
            }
            return result;
        });
    }

    @Override
    public Optional<DomainStats> domainStats(String name) {
        return connection.call(c -> {
            Domain domain = lookupDomain(c, name);
            if (domain == null || domain.isActive() != 1) {
                return Optional.empty();
            }
            org.libvirt.DomainInfo info = domain.getInfo();
            LiveDevicesXml devices = LibvirtXml.read(domain.getXMLDesc(0), LiveDevicesXml.class);
            long read = 0;
            long written = 0;
            for (String disk : devices.diskTargets()) {
                DomainBlockStats block = domain.blockStats(disk);
                read += Math.max(0, block.rd_bytes);
                written += Math.max(0, block.wr_bytes);
            }
            long rx = 0;
            long tx = 0;
            for (String iface : devices.interfaceTargets()) {
                DomainInterfaceStats net = domain.interfaceStats(iface);
                rx += Math.max(0, net.rx_bytes);
                tx += Math.max(0, net.tx_bytes);
            }
            return Optional.of(new DomainStats(name, info.nrVirtCpu, info.cpuTime, memoryBytes(domain, info), read,
                    written, rx, tx));
        });
    }

    /** The resident set of the QEMU process; without it (another driver), the memory the domain is given. */
    private static long memoryBytes(Domain domain, org.libvirt.DomainInfo info) throws LibvirtException {
        for (MemoryStatistic stat : domain.memoryStats(MEMORY_STAT_COUNT)) {
            if (stat.getTag() == MEMORY_STAT_RSS) {
                return stat.getValue() * 1024;
            }
        }
        return info.memory * 1024;
    }

    @Override
    public void addLifecycleListener(DomainLifecycleListener listener) {
        connection.addLifecycleListener(listener);
    }

    private static Network lookupNetwork(Connect c, String name) throws LibvirtException {
        try {
            return c.networkLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    private static Domain lookupDomain(Connect c, String name) throws LibvirtException {
        try {
            return c.domainLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    private static DomainInfo describeUnchecked(Domain d) {
        try {
            return describe(d);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e);
        }
    }

    private static DomainInfo describe(Domain d) throws LibvirtException {
        DomainState state = switch (d.getInfo().state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> DomainState.SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
            default -> DomainState.OTHER;
        };
        return new DomainInfo(d.getName(), d.getUUIDString(), state);
    }

    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    static String version(long encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }
}
