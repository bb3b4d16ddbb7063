package dev.ec2service.network.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.network.port.ActiveNetworkMode;
import dev.ec2service.network.port.AddressesSeen;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.platform.config.NetworkMode;
import dev.ec2service.platform.repair.SetupProblem;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeasePollTest {

    private final List<AddressesSeen> fired = new ArrayList<>();
    private List<DhcpLease> leases = List.of();

    @Test
    @DisplayName("REQ-INST-013 leases are polled at the fast interval within the one-second tick while an instance waits")
    void fastWhileWaiting() {
        LeasePoll poll = poll(Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofMinutes(5));
        poll.tick();
        assertThat(fired).as("the first tick polls once").hasSize(1);
        poll.tick();
        assertThat(fired).as("then the slow interval holds").hasSize(1);

        poll.await("i-00000001");
        Instant start = Instant.now();
        poll.tick();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(1));
        assertThat(fired.size() - 1).as("polls in one tick at 250 ms").isBetween(3, 4);

        poll.stopAwaiting("i-00000001");
        int before = fired.size();
        poll.tick();
        assertThat(fired).hasSize(before);
    }

    @Test
    @DisplayName("a wait for a first lease ends after lease-poll-fast-for; the current lease of a MAC is the one expiring last")
    void waitEndsAndLatestLeaseWins() {
        Instant now = Instant.now();
        leases = List.of(new DhcpLease("52:54:00:00:00:01", "192.168.100.10", null, now.plusSeconds(10)),
                new DhcpLease("52:54:00:00:00:01", "192.168.100.11", null, now.plusSeconds(60)));
        LeasePoll poll = poll(Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ZERO);
        poll.await("i-00000001");
        poll.poll();
        assertThat(poll.awaitingCount()).isZero();
        assertThat(fired.get(0).of("52:54:00:00:00:01")).hasValue("192.168.100.11");
        assertThat(poll.leasedAddresses(Duration.ZERO)).containsExactlyInAnyOrder("192.168.100.10",
                "192.168.100.11");
    }

    @Test
    @DisplayName("a launch takes the leases the last poll read, when recent enough, instead of asking libvirt again")
    void recentLeasesServeLaunches() {
        Instant now = Instant.now();
        leases = List.of(new DhcpLease("52:54:00:00:00:01", "192.168.100.10", null, now.plusSeconds(60)));
        LeasePoll poll = poll(Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ZERO);
        poll.poll();
        leases = List.of(new DhcpLease("52:54:00:00:00:02", "192.168.100.12", null, now.plusSeconds(60)));
        assertThat(poll.leasedAddresses(Duration.ofMinutes(1))).containsExactly("192.168.100.10");
        assertThat(poll.leasedAddresses(Duration.ZERO)).as("too old: read again").containsExactly("192.168.100.12");
        assertThat(poll.leasedAddresses(Duration.ofMinutes(1))).containsExactly("192.168.100.12");
    }

    @Test
    @DisplayName("the lease settings live under ec2.network; their earlier ec2.instances names are still honoured")
    void configNames() {
        LeasePollConfig defaults = config(Map.of());
        assertThat(defaults.leasePollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.leasePollFastInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(defaults.leasePollFastFor()).isEqualTo(Duration.ofMinutes(5));
        LeasePollConfig old = config(Map.of("ec2.instances.lease-poll-interval", "5s",
                "ec2.instances.lease-poll-fast-for", "1m"));
        assertThat(old.leasePollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(old.leasePollFastFor()).isEqualTo(Duration.ofMinutes(1));
        LeasePollConfig both = config(Map.of("ec2.instances.lease-poll-interval", "5s",
                "ec2.network.lease-poll-interval", "3s"));
        assertThat(both.leasePollInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    private static LeasePollConfig config(Map<String, String> properties) {
        // as Quarkus builds it: expressions expanded, durations like 250ms
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()).withMapping(LeasePollConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(LeasePollConfig.class);
    }

    @SuppressWarnings("unchecked")
    private LeasePoll poll(Duration slow, Duration fast, Duration fastFor) {
        Hypervisor hypervisor = (Hypervisor) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { Hypervisor.class }, (p, m, a) -> {
                    if (m.getName().equals("dhcpLeases")) {
                        return leases;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        Event<AddressesSeen> event = (Event<AddressesSeen>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { Event.class }, (p, m, a) -> {
                    if (m.getName().equals("fire")) {
                        fired.add((AddressesSeen) a[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        InstanceNetwork network = new InstanceNetwork() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void requireUsable() {
            }

            @Override
            public void requireRecentlyUsable() {
            }

            @Override
            public Optional<SetupProblem> problem() {
                return Optional.empty();
            }

            @Override
            public DomainSpec.Attachment attachment() {
                return DomainSpec.Attachment.NETWORK;
            }

            @Override
            public ActiveNetworkMode mode() {
                return new ActiveNetworkMode(NetworkMode.NAT, NetworkMode.NAT, "test");
            }
        };
        LeasePollConfig config = new LeasePollConfig() {
            @Override
            public Duration leasePollInterval() {
                return slow;
            }

            @Override
            public Duration leasePollFastInterval() {
                return fast;
            }

            @Override
            public Duration leasePollFastFor() {
                return fastFor;
            }
        };
        return new LeasePoll(hypervisor, network, config, event);
    }
}
