package dev.ec2service.platform.badinput;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.image.service.ImageImporter;
import dev.ec2service.image.service.ImportCommand;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bad inputs found by hand that answered 500 or a bare error, each pinned down. */
@QuarkusTest
class KnownBadInputTest {

    private static final String PROBLEM = "urn:ec2-as-service:problem:";

    @TestHTTPResource("/")
    URL base;

    private final ImageImporter importer;
    private final DataHome home;

    KnownBadInputTest(ImageImporter importer, DataHome home) {
        this.importer = importer;
        this.home = home;
    }

    private List<String> importedFiles() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.list(home.images())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @DisplayName("REQ-USE-003 a NUL in an image import's path is a 400 naming the field, not a 500")
    void nulInImportPath() throws Exception {
        List<String> before = importedFiles();
        int images = given().get("/api/images").then().extract().jsonPath().getList("$").size();
        given().contentType("application/json")
                .body("{\"id\":\"nul-path\",\"name\":\"n\",\"os\":\"linux\",\"default_user\":\"ubuntu\","
                        + "\"path\":\"/var/tmp/a\\u0000b.qcow2\"}")
                .post("/api/images").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "malformed-body"))
                .body("detail", equalTo("field 'path' contains a NUL character (U+0000)"));
        assertThat(given().get("/api/images").then().extract().jsonPath().getList("$")).hasSize(images);
        assertThat(importedFiles()).isEqualTo(before);
    }

    @Test
    @DisplayName("the importer refuses a path no file can have also when called without JSON")
    void importerRefusesInvalidPath() {
        assertThatThrownBy(() -> importer.importImage(new ImportCommand("nul-path", "n", null, "linux", null, "ubuntu",
                "/var/tmp/a\u0000b.qcow2")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.code().slug()).isEqualTo("invalid-path");
                });
    }

    @Test
    @DisplayName("REQ-USE-003 unpaired surrogates in a body are refused with a 400 naming the field")
    void unpairedSurrogate() {
        given().contentType("application/json").body("{\"name\":\"a\\ud800b\",\"generate\":true}")
                .post("/api/ssh-key").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("field 'name' contains an unpaired surrogate"));
        // a real pair (an emoji written as escapes) is text and reaches the name check
        given().contentType("application/json").body("{\"name\":\"a\\ud83d\\ude00b\",\"generate\":true}")
                .post("/api/ssh-key").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "invalid-key-name"));
    }

    @Test
    @DisplayName("REQ-USE-003 anything after the JSON document is refused, not ignored")
    void trailingContent() throws Exception {
        String name = "trailing-" + Long.toHexString(System.nanoTime());
        byte[] json = ("{\"name\":\"" + name + "\",\"generate\":true}").getBytes(StandardCharsets.UTF_8);
        for (byte[] tail : List.of(new byte[] { (byte) 0xFF }, " {\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "]".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(json);
            body.writeBytes(tail);
            RawHttp.Response r = new RawHttp(base.getPort()).send("POST", "/api/ssh-key", "application/json",
                    body.toByteArray(), -1);
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.header("content-type")).startsWith("application/problem+json");
        }
        given().get("/api/ssh-key/" + name).then().statusCode(404);
        // whitespace after the document is no content
        RawHttp.Response r = new RawHttp(base.getPort()).send("POST", "/api/ssh-key", "application/json",
                ("{\"name\":\"" + name + "\",\"generate\":true} \r\n").getBytes(StandardCharsets.UTF_8), -1);
        assertThat(r.status()).isEqualTo(201);
        given().delete("/api/ssh-key/" + name).then().statusCode(204);
    }

    @Test
    @DisplayName("REQ-USE-003 overlong UTF-8 is refused: C0 80 made a NUL inside a property name, which was then ignored")
    void overlongUtf8() throws Exception {
        String name = "overlong-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"name\":\"" + name + "\",\"generate\":true,\"key").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] { (byte) 0xC0, (byte) 0x80 });
        body.writeBytes("_type\":\"rsa\"}".getBytes(StandardCharsets.UTF_8));
        RawHttp.Response r = new RawHttp(base.getPort()).send("POST", "/api/ssh-key", "application/json",
                body.toByteArray(), -1);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains(PROBLEM + "malformed-body").contains("invalid UTF-8");
        given().get("/api/ssh-key/" + name).then().statusCode(404);
    }

    @Test
    @DisplayName("REQ-USE-003 a body that looks like UTF-32 but is not is a 400, not a 500")
    void utf32() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int cp : "{\"name\":\"x".codePoints().toArray()) {
            body.writeBytes(new byte[] { 0, 0, 0, (byte) cp });
        }
        body.writeBytes(new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff });
        for (String path : List.of("/api/instances", "/api/ssh-key", "/api/images")) {
            RawHttp.Response r = new RawHttp(base.getPort()).send("POST", path, "application/json", body.toByteArray(), -1);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.header("content-type")).startsWith("application/problem+json");
            assertThat(r.text()).contains(PROBLEM + "malformed-body").contains("UTF-32");
        }
    }

    @Test
    @DisplayName("REQ-USE-003 a request the router cannot route (no Host) is a 400 problem, not Quarkus' text page")
    void unroutable() throws Exception {
        RawHttp.Response r = new RawHttp(base.getPort()).exchange(
                "GET /api/instances HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        assertThat(r.text()).contains(PROBLEM + "malformed-request").contains("Host");
    }

    @Test
    @DisplayName("a request target that is no URI is refused by Quarkus before any route, with its bare 400")
    void notAUri() throws Exception {
        // documented in UnreadableRequests: Quarkus validates the target with java.net.URI and cannot be hooked
        for (String target : List.of("/api/instances/%zz", "/api/images/%G0/pull", "/api/instances?status=%zz")) {
            RawHttp.Response r = new RawHttp(base.getPort()).send(target.contains("pull") ? "POST" : "GET", target,
                    null, null, -1);
            assertThat(r.status()).as(target).isEqualTo(400);
        }
    }

    @Test
    @DisplayName("REQ-USE-003 a body declared larger than the limit is a 413 problem, not a bare 413")
    void bodyTooLarge() throws Exception {
        RawHttp.Response r = new RawHttp(base.getPort()).send("POST", "/api/ssh-key", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), 64L << 20);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        assertThat(r.text()).contains(PROBLEM + "body-too-large");
    }
}
