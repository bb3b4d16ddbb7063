package dev.ec2service.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsoleRoutingTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    @DisplayName("a browser's deep link into the console is served the app")
    void deepLinks() {
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/instances/i-0123abcd", BROWSER)).isTrue();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/keys", BROWSER)).isTrue();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.HEAD, "/host", BROWSER)).isTrue();
    }

    @Test
    @DisplayName("the API, the docs, files and non-browser clients are left alone")
    void leftAlone() {
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/api/instances", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/api", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/docs/", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/openapi", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/q/health", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/assets/index-1a2b.js", BROWSER)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/instances", "application/json")).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.GET, "/instances", null)).isFalse();
        assertThat(ConsoleRouting.isConsolePage(HttpMethod.POST, "/instances", BROWSER)).isFalse();
    }
}
