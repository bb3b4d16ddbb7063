package dev.ec2service.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard in front of everything, with forged headers as a hostile page or a rebound DNS name would
 * send them. Each refusal is compared with the same request from the service's own origin, which
 * reaches the resource (404 for an unknown id, or the real effect), so a 403 proves the guard answered
 * before anything behind it ran.
 */
@QuarkusTest
class LocalRequestGuardTest {

    private static final String PROBLEM = "urn:ec2-as-service:problem:";
    /** Bodiless state changes: each answers 404 for these unknown ids once past the guard. */
    private static final List<String[]> BODILESS = List.of(
            new String[] { "POST", "/api/images/no-such-image/pull" },
            new String[] { "POST", "/api/instances/i-00000000/stop" },
            new String[] { "POST", "/api/instances/i-00000000/start" },
            new String[] { "POST", "/api/instances/i-00000000/reboot" },
            new String[] { "DELETE", "/api/instances/i-00000000" },
            new String[] { "DELETE", "/api/images/no-such-image" },
            new String[] { "DELETE", "/api/images/no-such-image/file" },
            new String[] { "DELETE", "/api/ssh-key/no-such-key" });

    private static String own() {
        return "127.0.0.1:" + RestAssured.port;
    }

    private static RequestSpecification as(String host, String origin, String fetchSite) {
        RequestSpecification spec = given().header("Host", host);
        if (origin != null) {
            spec = spec.header("Origin", origin);
        }
        if (fetchSite != null) {
            spec = spec.header("Sec-Fetch-Site", fetchSite);
        }
        return spec;
    }

    private static RequestSpecification upgrade(RequestSpecification spec) {
        return spec.header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1.attacker.example", "127.evil.example", "foo.localhost", "127.0.0.01",
            "localhost.attacker.example" })
    @DisplayName("a Host that only looks local is refused before the API answers (DNS rebinding)")
    void reboundHost(String name) {
        String host = name + ":" + RestAssured.port;
        as(host, null, null).get("/api/ssh-key").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "host-not-allowed"));
        as(host, null, null).get("/api/instances").then().statusCode(403);
        upgrade(as(host, null, null)).get("/api/ws/terminal/i-00000000").then().statusCode(403);
        // a rebound page is same-origin with itself: even its own Origin does not help it generate a key
        String key = "rebound-" + UUID.randomUUID().toString().substring(0, 8);
        as(host, "http://" + host, "same-origin").contentType("application/json")
                .body(Map.of("name", key, "generate", true)).post("/api/ssh-key").then().statusCode(403);
        given().get("/api/ssh-key/" + key).then().statusCode(404);
        as(own(), null, null).get("/api/ssh-key").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.evil.example:PORT", "http://127.0.0.1.attacker.example:PORT",
            "http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1", "http://127.0.0.2:PORT", "https://127.0.0.1:PORT",
            "null", "file://" })
    @DisplayName("bodiless state changes and the terminal upgrade from a foreign Origin get 403, not the 404 behind the guard")
    void foreignOrigin(String template) {
        String origin = template.replace("PORT", String.valueOf(RestAssured.port));
        for (String[] call : BODILESS) {
            as(own(), origin, null).request(call[0], call[1]).then().statusCode(403)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEM + "origin-not-allowed"));
        }
        upgrade(as(own(), origin, null)).get("/api/ws/terminal/i-00000000").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "cross-site", "same-site" })
    @DisplayName("Sec-Fetch-Site cross-site (or same-site without our Origin) refuses state changes and upgrades")
    void fetchSite(String site) {
        for (String[] call : BODILESS) {
            as(own(), null, site).request(call[0], call[1]).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        upgrade(as(own(), null, site)).get("/api/ws/terminal/i-00000000").then().statusCode(403);
        // another port on the same host is same-site, yet another origin
        upgrade(as(own(), "http://127.0.0.1:1", site)).get("/api/ws/terminal/i-00000000").then().statusCode(403);
        // reading stays possible (the browser's CORS rules keep the answer from a foreign page)
        as(own(), "http://127.0.0.1:1", site).get("/api/ssh-key").then().statusCode(200);
    }

    @Test
    @DisplayName("the same requests from the service's own origin pass the guard and reach the resource")
    void ownOrigin() {
        String origin = "http://" + own();
        for (String[] call : BODILESS) {
            as(own(), origin, "same-origin").request(call[0], call[1]).then().statusCode(404);
            as(own(), null, null).request(call[0], call[1]).then().statusCode(404);
        }
        upgrade(as(own(), origin, "same-origin")).get("/api/ws/terminal/i-00000000").then().statusCode(404);
        String localhost = "localhost:" + RestAssured.port;
        upgrade(as(localhost, "http://" + localhost, "same-origin")).get("/api/ws/terminal/i-00000000").then()
                .statusCode(404);
    }

    @Test
    @DisplayName("an EC2 Query GET is guarded like a POST: an image or a link on another site gets 403, a program 200")
    void ec2QueryGet() {
        // the EC2 API itself answers only reads by GET; the guard refuses every EC2 GET from another site anyway
        String query = "/?Action=DescribeKeyPairs&Version=2016-11-15";
        for (String site : List.of("cross-site", "same-site")) {
            // what an <img> or a followed link sends: no Origin, only Sec-Fetch-Site
            // answered in EC2's terms, which is all an EC2 client reads
            as(own(), null, site).urlEncodingEnabled(false).get(query).then().statusCode(403)
                    .contentType(startsWith("text/xml"))
                    .body("Response.Errors.Error.Code", equalTo("UnauthorizedOperation"));
        }
        as(own(), "http://127.0.0.1:1", "same-site").urlEncodingEnabled(false).get(query).then().statusCode(403);
        // a program's EC2 GET is answered, and the console is still a GET of / from anywhere (a link to it)
        as(own(), null, null).urlEncodingEnabled(false).get(query).then().statusCode(200);
        as(own(), "http://" + own(), "same-origin").urlEncodingEnabled(false).get(query).then().statusCode(200);
        as(own(), null, "cross-site").get("/").then().statusCode(org.hamcrest.Matchers.not(403));
    }

    @Test
    @DisplayName("a key generation forged from another origin creates nothing")
    void forgedBodyCreatesNothing() {
        String key = "forged-" + UUID.randomUUID().toString().substring(0, 8);
        for (String origin : List.of("http://127.evil.example:" + RestAssured.port, "http://127.0.0.1:1", "null")) {
            as(own(), origin, null).contentType("application/json").body(Map.of("name", key, "generate", true))
                    .post("/api/ssh-key").then().statusCode(403);
            as(own(), origin, null).contentType("text/plain").body("{\"name\":\"" + key + "\",\"generate\":true}")
                    .post("/api/ssh-key").then().statusCode(403);
            as(own(), origin, null).contentType("application/x-www-form-urlencoded").body("name=" + key)
                    .post("/api/ssh-key").then().statusCode(403);
        }
        as(own(), null, "cross-site").contentType("application/json").body(Map.of("name", key, "generate", true))
                .post("/api/ssh-key").then().statusCode(403);
        given().get("/api/ssh-key/" + key).then().statusCode(404);
        // the control: from our own origin the same body does create the pair
        as(own(), "http://" + own(), "same-origin").contentType("application/json")
                .body(Map.of("name", key, "generate", true)).post("/api/ssh-key").then().statusCode(201);
        assertThat(given().get("/api/ssh-key/" + key).statusCode()).isEqualTo(200);
        given().delete("/api/ssh-key/" + key).then().statusCode(204);
    }
}
