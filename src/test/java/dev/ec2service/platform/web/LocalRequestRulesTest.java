package dev.ec2service.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.web.LocalRequestRules.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalRequestRulesTest {

    private final LocalRequestRules rules = new LocalRequestRules(List.of(), List.of());

    @ParameterizedTest
    @ValueSource(strings = { "localhost", "localhost:8000", "LOCALHOST:8000", "127.0.0.1", "127.0.0.1:8000",
            "127.255.255.254:1", "127.0.0.0", "[::1]", "[::1]:8000", "::1" })
    @DisplayName("loopback names and literals are accepted in Host")
    void loopbackHosts(String host) {
        assertThat(rules.hostAllowed(host)).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1.attacker.example:8000", "127.0.0.1.attacker.example", "127.evil.example",
            "127.0.0.1.nip.io:8000", "foo.localhost:8000", "localhost.attacker.example", "localhost.", "127.0.0.1.",
            "127.0.0", "127.0.0.1.1", "127.0.0.256", "127.0.0.01", "0127.0.0.1", "127.0.0.0x1", "127.1",
            "2130706433", "128.0.0.1", "10.0.0.1", "192.168.100.1", "0.0.0.0", "[::2]", "[0:0:0:0:0:0:0:2]",
            "[::ffff:7f00:1]x", "[::1", "localhost:", "localhost:0", "localhost:65536", "localhost:80:80",
            "localhost:8o00", "user@localhost:8000", "localhost/x", "localhost 8000", " localhost", "local_host",
            "attacker.example", "" })
    @DisplayName("names that only look local, malformed and foreign Hosts are refused")
    void foreignHosts(String host) {
        assertThat(rules.hostAllowed(host)).as(host).isFalse();
        assertThat(rules.judge("GET", host, null, false, null)).as(host).isEqualTo(Verdict.FOREIGN_HOST);
    }

    @Test
    @DisplayName("no Host at all is refused")
    void noHost() {
        assertThat(rules.judge("GET", null, null, false, null)).isEqualTo(Verdict.FOREIGN_HOST);
    }

    @Test
    @DisplayName("configured host names are accepted, exactly")
    void configuredHosts() {
        LocalRequestRules configured = new LocalRequestRules(List.of("My-Box.lan"), List.of());
        assertThat(configured.hostAllowed("my-box.lan:8000")).isTrue();
        assertThat(configured.hostAllowed("my-box.lan")).isTrue();
        assertThat(configured.hostAllowed("my-box.lan.attacker.example")).isFalse();
        assertThat(configured.hostAllowed("x.my-box.lan")).isFalse();
    }

    @Test
    @DisplayName("reading is allowed whatever the Origin; changing only from the same origin")
    void reading() {
        for (String method : List.of("GET", "HEAD", "OPTIONS")) {
            assertThat(rules.judge(method, "127.0.0.1:8000", "https://attacker.example", false, "cross-site"))
                    .isEqualTo(Verdict.ALLOW);
        }
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "PROPFIND")) {
            assertThat(rules.judge(method, "127.0.0.1:8000", "https://attacker.example", false, null))
                    .as(method).isEqualTo(Verdict.FOREIGN_ORIGIN);
            assertThat(rules.judge(method, "127.0.0.1:8000", "http://127.0.0.1:8000", false, "same-origin"))
                    .as(method).isEqualTo(Verdict.ALLOW);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.evil.example:8000", "http://127.0.0.1.attacker.example:8000",
            "http://127.0.0.1:8001", "http://127.0.0.2:8000", "http://localhost:8000", "http://[::1]:8000",
            "https://127.0.0.1:8000", "http://127.0.0.1", "http://127.0.0.1:8000/path", "http://user@127.0.0.1:8000",
            "ws://127.0.0.1:8000", "file://", "null", "null ", "", "127.0.0.1:8000", "http://127.0.0.1:08000x" })
    @DisplayName("a state change or upgrade from any origin but the exact one addressed is refused")
    void foreignOrigins(String origin) {
        assertThat(rules.judge("POST", "127.0.0.1:8000", origin, false, null)).as(origin)
                .isEqualTo(Verdict.FOREIGN_ORIGIN);
        assertThat(rules.judge("GET", "127.0.0.1:8000", origin, true, null)).as(origin)
                .isEqualTo(Verdict.FOREIGN_ORIGIN);
    }

    @Test
    @DisplayName("the page's own origin passes, however the user addressed the service")
    void ownOrigin() {
        assertThat(rules.judge("POST", "127.0.0.1:8000", "http://127.0.0.1:8000", false, null)).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("POST", "localhost:8000", "http://localhost:8000", false, null)).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("POST", "LocalHost:8000", "http://localhost:8000/", false, null)).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("POST", "[::1]:8000", "http://[::1]:8000", false, null)).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("POST", "localhost", "http://localhost:80", false, null)).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("GET", "127.0.0.1:8000", "http://127.0.0.1:8000", true, "same-origin"))
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    @DisplayName("Sec-Fetch-Site: cross-site refuses a state change or upgrade, even without Origin")
    void crossSite() {
        assertThat(rules.judge("POST", "127.0.0.1:8000", null, false, "cross-site")).isEqualTo(Verdict.CROSS_SITE);
        assertThat(rules.judge("DELETE", "127.0.0.1:8000", null, false, "Cross-Site")).isEqualTo(Verdict.CROSS_SITE);
        assertThat(rules.judge("GET", "127.0.0.1:8000", null, true, "cross-site")).isEqualTo(Verdict.CROSS_SITE);
        // even if the Origin header claims our own origin, the browser said another site sent it
        assertThat(rules.judge("POST", "127.0.0.1:8000", "http://127.0.0.1:8000", false, "cross-site"))
                .isEqualTo(Verdict.CROSS_SITE);
    }

    @Test
    @DisplayName("Sec-Fetch-Site: same-site (another port on localhost) still needs our own Origin")
    void sameSite() {
        assertThat(rules.judge("POST", "127.0.0.1:8000", "http://127.0.0.1:5555", false, "same-site"))
                .isEqualTo(Verdict.FOREIGN_ORIGIN);
        assertThat(rules.judge("POST", "127.0.0.1:8000", null, false, "same-site")).isEqualTo(Verdict.CROSS_SITE);
        assertThat(rules.judge("GET", "127.0.0.1:8000", "http://127.0.0.1:5555", true, "same-site"))
                .isEqualTo(Verdict.FOREIGN_ORIGIN);
    }

    @Test
    @DisplayName("programs that send neither Origin nor Sec-Fetch-Site (curl, SDKs) may change things")
    void programs() {
        assertThat(rules.judge("POST", "127.0.0.1:8000", null, false, null)).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("DELETE", "localhost:8000", null, false, "none")).isEqualTo(Verdict.ALLOW);
        assertThat(rules.judge("GET", "localhost:8000", null, true, null)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    @DisplayName("configured origins may change things, also from another site")
    void configuredOrigins() {
        LocalRequestRules configured = new LocalRequestRules(List.of(), List.of("http://localhost:5173/"));
        assertThat(configured.judge("POST", "127.0.0.1:8000", "http://localhost:5173", false, "same-site"))
                .isEqualTo(Verdict.ALLOW);
        assertThat(configured.judge("POST", "127.0.0.1:8000", "HTTP://LOCALHOST:5173", false, "cross-site"))
                .isEqualTo(Verdict.ALLOW);
        assertThat(configured.judge("POST", "127.0.0.1:8000", "http://localhost:5174", false, null))
                .isEqualTo(Verdict.FOREIGN_ORIGIN);
    }

    @Test
    @DisplayName("Authority parses host and port strictly")
    void authority() {
        assertThat(Authority.parse("LocalHost:8000", 80)).contains(new Authority("localhost", 8000));
        assertThat(Authority.parse("[::1]", 80)).contains(new Authority("[::1]", 80));
        assertThat(Authority.parse("::1", 80)).contains(new Authority("::1", 80));
        assertThat(Authority.parse("127.0.0.1:65535", 80)).contains(new Authority("127.0.0.1", 65535));
        assertThat(Authority.parse("127.0.0.1:99999", 80)).isEqualTo(Optional.empty());
        assertThat(Authority.parse("[::1]x", 80)).isEmpty();
        assertThat(Authority.parse("a\u0000b", 80)).isEmpty();
    }
}
