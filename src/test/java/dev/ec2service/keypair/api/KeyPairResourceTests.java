package dev.ec2service.keypair.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import dev.ec2service.keypair.KeyBlobs;
import dev.ec2service.keypair.SshKeygen;
import dev.ec2service.keypair.service.KeyPairService;
import dev.ec2service.keypair.service.PrivateKeyFiles;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key pair API end to end: HTTP, validation, database rows and private key files. */
@QuarkusTest
class KeyPairResourceTests {

    private static final String PROBLEM = "urn:ec2-as-service:problem:";

    @TempDir
    Path dir;

    private final KeyPairService service;
    private final PrivateKeyFiles privateKeyFiles;
    private final DataHome home;

    KeyPairResourceTests(KeyPairService service, PrivateKeyFiles privateKeyFiles, DataHome home) {
        this.service = service;
        this.privateKeyFiles = privateKeyFiles;
        this.home = home;
    }

    @ParameterizedTest(name = "REQ-SSH-002/003/007 {0} {1} imports with ssh-keygen''s fingerprints")
    @CsvSource({ "rsa,2048,ssh-rsa", "ed25519,,ssh-ed25519", "ecdsa,256,ecdsa-sha2-nistp256",
            "ecdsa,384,ecdsa-sha2-nistp384", "ecdsa,521,ecdsa-sha2-nistp521" })
    void fiveTypesRoundTrip(String type, String bits, String sshType) {
        Path key = bits == null
                ? SshKeygen.generate(dir, "k", "user@laptop", "-t", type)
                : SshKeygen.generate(dir, "k", "user@laptop", "-t", type, "-b", bits);
        Path pub = Path.of(key + ".pub");
        String name = unique(type);

        importKey(name, SshKeygen.publicLine(key))
                .statusCode(201)
                .header("Location", endsWith("/api/ssh-key/" + name))
                .body("name", equalTo(name))
                .body("public_key", equalTo(SshKeygen.publicLine(key)))
                .body("fingerprint", equalTo(SshKeygen.fingerprint(pub, true).substring("MD5:".length())))
                .body("fingerprint_sha256", equalTo(SshKeygen.fingerprint(pub, false)))
                .body("key_type", equalTo(sshType))
                .body("has_private_key", equalTo(false))
                .body("created_at", startsWith("20"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("private_key")));

        given().get("/api/ssh-key/{name}", name).then()
                .statusCode(200)
                .body("fingerprint", equalTo(SshKeygen.fingerprint(pub, true).substring("MD5:".length())))
                .body("public_key", equalTo(SshKeygen.publicLine(key)));
        assertThat(service.privateKeyFile(name)).isEmpty();
    }

    @Test
    @DisplayName("REQ-SSH-002 ssh-dss is refused as an unsupported type")
    void dssRefused() {
        importKey(unique("dss"), "ssh-dss AAAAB3NzaC1kc3MAAACBAPY8ZOHY2yFSJA6XYC9HRwNHxaehvx5wOJ0rzZdzoSOXxbET me")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "unsupported-key-type"))
                .body("title", equalTo("Unsupported key type"))
                .body("status", equalTo(422))
                .body("detail", startsWith("ssh-dss is not supported"));
    }

    @Test
    @DisplayName("REQ-SSH-001 base64 that does not decode is refused")
    void badBase64Refused() {
        refusal(importKey(unique("b64"), "ssh-ed25519 AAAA%%%% me"), 422, "malformed-public-key",
                "base64 does not decode");
    }

    @Test
    @DisplayName("REQ-SSH-001 a blob whose inner type differs from the declared type is refused")
    void innerTypeMismatchRefused() {
        Path rsa = SshKeygen.generate(dir, "rsa", "x", "-t", "rsa", "-b", "2048");
        refusal(importKey(unique("mismatch"), "ecdsa-sha2-nistp256 " + SshKeygen.publicLine(rsa).split(" ")[1]),
                422, "key-type-mismatch", "key type inside the blob is ssh-rsa, declared ecdsa-sha2-nistp256");
    }

    @Test
    @DisplayName("REQ-SSH-001 RSA 1024 is refused")
    void rsa1024Refused() {
        Path rsa = SshKeygen.generate(dir, "rsa1024", "x", "-t", "rsa", "-b", "1024");
        refusal(importKey(unique("rsa1024"), SshKeygen.publicLine(rsa)), 422, "rsa-key-too-small",
                "RSA modulus is 1024 bits; at least 2048 are required");
    }

    @Test
    @DisplayName("REQ-SSH-001 ECDSA with the wrong curve name inside the blob is refused")
    void ecdsaWrongCurveRefused() {
        Path p384 = SshKeygen.generate(dir, "p384", "x", "-t", "ecdsa", "-b", "384");
        byte[] point = KeyBlobs.ecdsaPoint(SshKeygen.blob(SshKeygen.publicLine(p384)));
        byte[] blob = KeyBlobs.ecdsa("ecdsa-sha2-nistp384", "nistp521", point);
        refusal(importKey(unique("curve"), KeyBlobs.line("ecdsa-sha2-nistp384", blob)), 422, "key-type-mismatch",
                "curve name inside the blob is nistp521, declared ecdsa-sha2-nistp384");
    }

    @Test
    @DisplayName("REQ-SSH-001 ECDSA with a point that is not on the curve is refused")
    void ecdsaPointOffCurveRefused() {
        Path p521 = SshKeygen.generate(dir, "p521", "x", "-t", "ecdsa", "-b", "521");
        byte[] point = KeyBlobs.ecdsaPoint(SshKeygen.blob(SshKeygen.publicLine(p521)));
        point[point.length - 1] ^= 0x01;
        byte[] blob = KeyBlobs.ecdsa("ecdsa-sha2-nistp521", "nistp521", point);
        refusal(importKey(unique("offcurve"), KeyBlobs.line("ecdsa-sha2-nistp521", blob)), 422,
                "invalid-key-material", "the ECDSA point is not on curve nistp521");
    }

    @Test
    @DisplayName("REQ-SSH-001 an Ed25519 key that is not 32 bytes is refused")
    void ed25519LengthRefused() {
        refusal(importKey(unique("ed31"), KeyBlobs.line("ssh-ed25519", KeyBlobs.ed25519(new byte[33]))), 422,
                "malformed-public-key", "an Ed25519 public key is 32 bytes; this one is 33");
    }

    @ParameterizedTest(name = "REQ-SSH-001 a pasted private key ({0}) is refused, not echoed, not logged")
    @ValueSource(strings = { "openssh", "pem" })
    void privateKeyRefusedWithoutEcho(String format) throws Exception {
        Path key = format.equals("pem")
                ? SshKeygen.generate(dir, "secret", "x", "-t", "rsa", "-b", "2048", "-m", "PEM")
                : SshKeygen.generate(dir, "secret", "x", "-t", "ed25519");
        String secret = Files.readString(key, StandardCharsets.UTF_8);
        String name = unique("secret");

        String body = importKey(name, secret)
                .statusCode(422)
                .body("type", equalTo(PROBLEM + "private-key-rejected"))
                .body("detail", containsString("private key"))
                .extract().asString();

        List<String> secretLines = secret.lines().filter(l -> !l.startsWith("-----")).toList();
        for (String line : secretLines) {
            assertThat(body).doesNotContain(line);
        }
        Path log = home.logs().resolve("app.log");
        if (Files.exists(log)) {
            String logged = Files.readString(log, StandardCharsets.UTF_8);
            secretLines.forEach(line -> assertThat(logged).doesNotContain(line));
        }
        given().get("/api/ssh-key/{name}", name).then().statusCode(404);
    }

    @ParameterizedTest(name = "REQ-SSH-001 name ''{0}'' is refused")
    @ValueSource(strings = { "", "with space", "semi;colon", "slash/name", ".." })
    void badNameRefused(String name) {
        Path key = SshKeygen.generate(dir, "k", "x", "-t", "ed25519");
        refusal(importKey(name, SshKeygen.publicLine(key)), 422, "invalid-key-name", "name");
    }

    @Test
    @DisplayName("REQ-SSH-004 a missing name is refused, and so is a 256-character one")
    void nameMissingOrTooLong() {
        Path key = SshKeygen.generate(dir, "k", "x", "-t", "ed25519");
        refusal(post(Map.of("public_key", SshKeygen.publicLine(key))), 422, "invalid-key-name", "name is required");
        refusal(importKey("a".repeat(256), SshKeygen.publicLine(key)), 422, "invalid-key-name",
                "name is 256 characters long; at most 255 are allowed");
    }

    @Test
    @DisplayName("REQ-USE-003 a missing body or invalid JSON is a 400 problem")
    void missingBodyOrBadJson() {
        given().contentType(ContentType.JSON).post("/api/ssh-key").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "malformed-body"));
        // the global mappers answer this one (RESTEasy wraps Jackson's error, hence the generic http-400 type)
        given().contentType(ContentType.JSON).body("{\"name\": ").post("/api/ssh-key").then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    @DisplayName("REQ-USE-003 neither public_key nor generate, or both, is refused saying which")
    void importOrGenerate() {
        refusal(post(Map.of("name", unique("none"))), 422, "invalid-key-request", "public_key is required");
        refusal(post(Map.of("name", unique("both"), "public_key", "ssh-ed25519 AAAA", "generate", true)), 422,
                "invalid-key-request", "not both");
        refusal(post(Map.of("name", unique("kt"), "generate", true, "key_type", "dsa")), 422, "invalid-key-request",
                "key_type must be ed25519 or rsa");
    }

    @Test
    @DisplayName("REQ-SSH-004 a name that exists is a 409")
    void duplicateName() {
        String name = unique("dup");
        importKey(name, SshKeygen.publicLine(SshKeygen.generate(dir, "a", "x", "-t", "ed25519"))).statusCode(201);
        refusal(importKey(name, SshKeygen.publicLine(SshKeygen.generate(dir, "b", "x", "-t", "ed25519"))), 409,
                "key-pair-exists", "a key pair named '" + name + "' already exists");
        refusal(post(Map.of("name", name, "generate", true)), 409, "key-pair-exists", name);
    }

    @Test
    @DisplayName("REQ-SSH-005 the same key material under another name and comment is a 409 naming the first")
    void duplicateMaterial() {
        String line = SshKeygen.publicLine(SshKeygen.generate(dir, "k", "first comment", "-t", "ecdsa", "-b", "256"));
        String first = unique("first");
        importKey(first, line).statusCode(201);
        String[] fields = line.split(" ");
        refusal(importKey(unique("second"), fields[0] + " " + fields[1] + " another comment"), 409,
                "duplicate-key-material", "already imported as key pair '" + first + "'");
    }

    @Test
    @DisplayName("REQ-SSH-005 concurrent imports of one key: one 201, every other answer a 409, never a 500")
    void concurrentDuplicates() throws Exception {
        String line = SshKeygen.publicLine(SshKeygen.generate(dir, "k", "x", "-t", "ed25519"));
        String prefix = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = prefix + "-" + i;
                calls.add(() -> importKey(name, line).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("REQ-SSH-007 concurrent imports of different keys all succeed (SQLite write races are retried)")
    void concurrentDistinctImports() throws Exception {
        String prefix = unique("many");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String line = SshKeygen.publicLine(SshKeygen.generate(dir, "k" + i, "x", "-t", "ed25519"));
            String name = prefix + "-" + i;
            calls.add(() -> importKey(name, line).extract().statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "REQ-SSH-001/007 generate {0}: private key once, file 0600, ssh-keygen -y agrees")
    @CsvSource({ "ed25519,ssh-ed25519", "rsa,ssh-rsa" })
    void generate(String keyType, String sshType) throws Exception {
        String name = unique("gen-" + keyType);
        Response created = post(Map.of("name", name, "generate", true, "key_type", keyType)).then()
                .statusCode(201)
                .body("key_type", equalTo(sshType))
                .body("has_private_key", equalTo(true))
                .body("private_key", startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"))
                .extract().response();
        String privateKey = created.path("private_key");
        String publicKey = created.path("public_key");
        assertThat(publicKey).endsWith(" " + name);

        Path file = service.privateKeyFile(name).orElseThrow();
        assertThat(file.getParent()).isEqualTo(home.keys());
        assertThat(file.getFileName().toString()).startsWith(name + "^");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(privateKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.keys())))
                .isEqualTo("rwx------");
        assertThat(Files.list(home.keys()).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.contains("+"));

        String derived = SshKeygen.run("ssh-keygen", "-y", "-f", file.toString()).strip();
        assertThat(derived.split(" ")[0] + " " + derived.split(" ")[1])
                .isEqualTo(publicKey.split(" ")[0] + " " + publicKey.split(" ")[1]);

        OpenSSHKeyV1KeyFile sshj = new OpenSSHKeyV1KeyFile();
        sshj.init(privateKey, null);
        byte[] sshjBlob = new Buffer.PlainBuffer().putPublicKey(sshj.getPublic()).getCompactData();
        assertThat(Base64.getEncoder().encodeToString(sshjBlob)).isEqualTo(publicKey.split(" ")[1]);
        assertThat(sshj.getPrivate()).isNotNull();

        String fetched = given().get("/api/ssh-key/{name}", name).then().statusCode(200)
                .body("has_private_key", equalTo(true)).extract().asString();
        assertThat(fetched).doesNotContain("\"private_key\"").doesNotContain("PRIVATE KEY");
        assertThat(given().get("/api/ssh-key").then().statusCode(200).extract().asString())
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    @DisplayName("pairs whose names differ only in case keep separate private key files, whose names differ in more than case (macOS's file system ignores case)")
    void namesDifferingInCase() throws Exception {
        String lower = unique("case").toLowerCase(java.util.Locale.ROOT);
        String upper = lower.toUpperCase(java.util.Locale.ROOT);
        String mixed = lower.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + lower.substring(1);
        List<String> names = List.of(lower, upper, mixed);
        List<String> keys = new ArrayList<>();
        for (String name : names) {
            keys.add(post(Map.of("name", name, "generate", true)).then().statusCode(201).extract().path("private_key"));
        }
        List<Path> files = names.stream().map(n -> service.privateKeyFile(n).orElseThrow()).toList();
        assertThat(files.stream().map(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT)))
                .doesNotHaveDuplicates();
        assertThat(files.get(0).getFileName().toString()).startsWith(lower + "^");
        for (int i = 0; i < names.size(); i++) {
            assertThat(Files.readString(files.get(i), StandardCharsets.UTF_8)).isEqualTo(keys.get(i));
            given().delete("/api/ssh-key/{name}", names.get(i)).then().statusCode(204);
        }
    }

    @Test
    @DisplayName("generate defaults to ed25519")
    void generateDefault() {
        post(Map.of("name", unique("gen-default"), "generate", true)).then()
                .statusCode(201).body("key_type", equalTo("ssh-ed25519"));
    }

    @Test
    @DisplayName("REQ-SSH-006 delete removes the row and the generated private key file")
    void deleteGenerated() {
        String name = unique("del-gen");
        post(Map.of("name", name, "generate", true)).then().statusCode(201);
        Path file = service.privateKeyFile(name).orElseThrow();
        assertThat(file).exists();

        given().delete("/api/ssh-key/{name}", name).then().statusCode(204);

        assertThat(file).doesNotExist();
        assertThat(service.privateKeyFile(name)).isEmpty();
        given().get("/api/ssh-key/{name}", name).then().statusCode(404);
        refusal(given().delete("/api/ssh-key/{name}", name), 404, "not-found", name);
    }

    @Test
    @DisplayName("leftovers of a crash during generation are swept, key files are kept")
    void scratchSwept() throws Exception {
        String name = unique("kept");
        post(Map.of("name", name, "generate", true)).then().statusCode(201);
        Path scratch = Files.createDirectory(home.keys().resolve("generate+stale"));
        Files.writeString(scratch.resolve("key"), "leftover");
        Path partial = Files.writeString(home.keys().resolve("write+1.partial"), "leftover");

        privateKeyFiles.removeScratch();

        assertThat(scratch).doesNotExist();
        assertThat(partial).doesNotExist();
        assertThat(service.privateKeyFile(name).orElseThrow()).exists();
    }

    @Test
    @DisplayName("REQ-SSH-006 delete of an imported key frees its name and its material")
    void deleteImported() {
        String name = unique("del-imp");
        String line = SshKeygen.publicLine(SshKeygen.generate(dir, "k", "x", "-t", "ed25519"));
        importKey(name, line).statusCode(201);
        given().delete("/api/ssh-key/{name}", name).then().statusCode(204);
        importKey(name, line).statusCode(201);
    }

    @Test
    @DisplayName("REQ-USE-003 unknown names are 404 problems")
    void unknownIs404() {
        refusal(given().get("/api/ssh-key/{name}", "no-such-key-" + UUID.randomUUID()), 404, "not-found",
                "does not exist");
        refusal(given().delete("/api/ssh-key/{name}", "no-such-key-" + UUID.randomUUID()), 404, "not-found",
                "does not exist");
    }

    @Test
    @DisplayName("REQ-SSH-007 the list is sorted by name and shows every stored field")
    void listSortedByName() {
        String prefix = unique("list");
        for (String suffix : List.of("c", "a", "b")) {
            String line = SshKeygen.publicLine(SshKeygen.generate(dir, suffix, "x", "-t", "ed25519"));
            importKey(prefix + "-" + suffix, line).statusCode(201);
        }
        List<Map<String, Object>> all = given().get("/api/ssh-key").then().statusCode(200)
                .extract().jsonPath().getList("$");
        List<String> names = all.stream().map(k -> (String) k.get("name")).toList();
        assertThat(names).isSorted();
        assertThat(names.stream().filter(n -> n.startsWith(prefix)))
                .containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
        assertThat(all.get(0)).containsKeys("name", "public_key", "fingerprint", "fingerprint_sha256", "key_type",
                "created_at", "has_private_key").doesNotContainKey("private_key");
    }

    @Test
    @DisplayName("REQ-USE-002 the key pair endpoints are documented in the OpenAPI document behind /docs")
    void documented() {
        String openapi = given().queryParam("format", "json").get("/openapi").then().statusCode(200)
                .extract().asString();
        assertThat(openapi).contains("\"/api/ssh-key\"", "\"/api/ssh-key/{name}\"", "Key pairs",
                "Import or generate a key pair", "private-key-rejected", "\"KeyPair\"");
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse importKey(String name, String publicKey) {
        return post(Map.of("name", name, "public_key", publicKey)).then();
    }

    private static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/ssh-key");
    }

    private static void refusal(ValidatableResponse response, int status, String slug, String detailPart) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + slug))
                .body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString(detailPart));
    }

    private static void refusal(Response response, int status, String slug, String detailPart) {
        refusal(response.then(), status, slug, detailPart);
    }
}
