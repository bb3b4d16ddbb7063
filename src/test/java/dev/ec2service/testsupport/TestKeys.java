package dev.ec2service.testsupport;

import static io.restassured.RestAssured.given;

import dev.ec2service.keypair.SshKeygen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Key pairs made with ssh-keygen for tests that log into guests. */
public final class TestKeys {

    private TestKeys() {
    }

    /** A fresh ed25519 pair; answers the private key file (the public one is beside it, .pub). */
    public static Path generate(Path dir, String name) throws IOException {
        Path key = dir.resolve(name);
        Files.deleteIfExists(key);
        Files.deleteIfExists(dir.resolve(name + ".pub"));
        return SshKeygen.generate(dir, name, name, "-t", "ed25519");
    }

    /** Imports the public half through the API, replacing a pair of the same name left by an earlier run. */
    public static void store(String name, Path privateKey) {
        String publicKey = SshKeygen.publicLine(privateKey);
        given().delete("/api/ssh-key/" + name);
        given().contentType("application/json").body(Map.of("name", name, "public_key", publicKey))
                .post("/api/ssh-key").then().statusCode(201);
    }

    /** Generates a pair on the service (EC2 CreateKeyPair) and saves the private key it answers once. */
    public static Path generateOnService(Path dir, String name) throws IOException {
        given().delete("/api/ssh-key/" + name);
        String privateKey = given().contentType("application/json")
                .body(Map.of("name", name, "generate", true, "key_type", "ed25519"))
                .post("/api/ssh-key").then().statusCode(201).extract().path("private_key");
        Path file = dir.resolve(name);
        Files.writeString(file, privateKey);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
