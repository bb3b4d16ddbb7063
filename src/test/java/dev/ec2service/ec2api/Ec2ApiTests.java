package dev.ec2service.ec2api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.ec2service.keypair.SshKeygen;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The EC2 Query API through the real AWS SDK for Java v2 and raw HTTP: the protocol, the error codes, the
 * read-only actions, key pairs with AWS's fingerprints, tags. Instances are in {@link Ec2InstanceTests}.
 */
@QuarkusTest
class Ec2ApiTests {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path dir;

    private final DataHome home;
    private Ec2Client ec2;

    Ec2ApiTests(DataHome home) {
        this.home = home;
    }

    @BeforeEach
    void client() {
        ec2 = Ec2Clients.client(base);
    }

    @AfterEach
    void close() {
        ec2.close();
    }

    private static void assertEc2Error(Runnable call, String code, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.requestId()).isNotBlank();
        });
    }

    @Test
    @DisplayName("the region is the one the client signs for, with one zone; the account has a default VPC")
    void regionsZonesAccount() {
        assertThat(ec2.describeRegions().regions()).singleElement()
                .satisfies(r -> assertThat(r.regionName()).isEqualTo("eu-west-3"));
        assertThat(ec2.describeAvailabilityZones().availabilityZones()).singleElement().satisfies(z -> {
            assertThat(z.zoneName()).isEqualTo("eu-west-3a");
            assertThat(z.regionName()).isEqualTo("eu-west-3");
            assertThat(z.stateAsString()).isEqualTo("available");
        });
        assertThat(ec2.describeAccountAttributes().accountAttributes())
                .anySatisfy(a -> assertThat(a.attributeName()).isEqualTo("default-vpc"));
        assertThat(ec2.describeVpcs().vpcs()).singleElement().satisfies(v -> assertThat(v.isDefault()).isTrue());
        assertThat(ec2.describeSubnets().subnets()).singleElement()
                .satisfies(s -> assertThat(s.cidrBlock()).endsWith("/24"));
        assertThat(ec2.describeSecurityGroups().securityGroups()).singleElement()
                .satisfies(g -> assertThat(g.groupName()).isEqualTo("default"));
    }

    @Test
    @DisplayName("DescribeInstanceTypes answers our five burstable types, filtered and paginated")
    void instanceTypes() {
        List<InstanceTypeInfo> types = ec2.describeInstanceTypes(r -> { }).instanceTypes();
        assertThat(types).extracting(InstanceTypeInfo::instanceTypeAsString)
                .containsExactly("t2.nano", "t2.micro", "t2.small", "t2.medium", "t2.large");
        assertThat(types.get(1).memoryInfo().sizeInMiB()).isEqualTo(1024);
        assertThat(types.get(3).vCpuInfo().defaultVCpus()).isEqualTo(2);
        assertThat(types).allSatisfy(t -> assertThat(t.burstablePerformanceSupported()).isTrue());
        assertThat(ec2.describeInstanceTypes(r -> r.filters(Filter.builder().name("vcpu-info.default-vcpus")
                .values("2").build())).instanceTypes()).hasSize(2);
        // MaxResults 5 of 5, then the paginator walks pages of size 5
        assertThat(ec2.describeInstanceTypesPaginator(r -> r.maxResults(5)).instanceTypes()).hasSize(5);
        assertEc2Error(() -> ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("m5.large")),
                "InvalidInstanceType", 400);
    }

    @Test
    @DisplayName("DescribeImages gives stable ami- ids, by ami- id, plain id and filters")
    void images() {
        TestGuest.register(home);
        List<Image> images = ec2.describeImages().images();
        Image guest = images.stream().filter(i -> i.name().equals(TestGuest.IMAGE_ID)).findFirst().orElseThrow();
        assertThat(guest.imageId()).matches("ami-[0-9a-f]{17}");
        assertThat(guest.stateAsString()).isEqualTo("available");
        assertThat(guest.architectureAsString()).isEqualTo("x86_64");
        assertThat(guest.ownerId()).isEqualTo("000000000000");
        assertThat(ec2.describeImages(r -> r.imageIds(guest.imageId())).images()).singleElement()
                .satisfies(i -> assertThat(i.name()).isEqualTo(TestGuest.IMAGE_ID));
        assertThat(ec2.describeImages(r -> r.imageIds(TestGuest.IMAGE_ID)).images()).singleElement()
                .satisfies(i -> assertThat(i.imageId()).isEqualTo(guest.imageId()));
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("name").values("test-*").build()))
                .images()).extracting(Image::imageId).contains(guest.imageId());
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("state").values("failed").build()))
                .images()).extracting(Image::imageId).doesNotContain(guest.imageId());
        assertEc2Error(() -> ec2.describeImages(r -> r.imageIds("ami-00000000000000000")), "InvalidAMIID.NotFound",
                400);
        // tags on an image
        ec2.createTags(r -> r.resources(guest.imageId()).tags(Tag.builder().key("os").value("test").build()));
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("tag:os").values("test").build()))
                .images()).extracting(Image::imageId).containsExactly(guest.imageId());
        ec2.deleteTags(r -> r.resources(guest.imageId()).tags(Tag.builder().key("os").build()));
        assertThat(ec2.describeImages(r -> r.imageIds(guest.imageId())).images().get(0).tags()).isEmpty();
    }

    /** What AWS shows for an imported RSA key, computed by the command AWS documents. */
    private static String awsRsaFingerprint(Path publicKey) {
        String out = SshKeygen.run("bash", "-c", "ssh-keygen -e -m PKCS8 -f '" + publicKey
                + "' | openssl pkey -pubin -outform DER | openssl md5 -c");
        return out.substring(out.indexOf("= ") + 2).strip();
    }

    @Test
    @DisplayName("ImportKeyPair: AWS's fingerprints (RSA: MD5 of the DER SubjectPublicKeyInfo; ed25519: base64 SHA-256), key- ids, tags, Duplicate and NotFound")
    void importKeyPairs() throws Exception {
        String rsaName = "rsa-" + UUID.randomUUID();
        Path rsa = SshKeygen.generate(dir, "rsa", "c", "-t", "rsa", "-b", "2048");
        Path rsaPub = Path.of(rsa + ".pub");
        SdkBytes rsaMaterial = SdkBytes.fromByteArray(Files.readAllBytes(rsaPub));
        ImportKeyPairResponse imported = ec2.importKeyPair(r -> r.keyName(rsaName).publicKeyMaterial(rsaMaterial)
                .tagSpecifications(TagSpecification.builder().resourceType("key-pair")
                        .tags(Tag.builder().key("team").value("blue").build()).build()));
        String expected = awsRsaFingerprint(rsaPub);
        assertThat(expected).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        assertThat(imported.keyFingerprint()).isEqualTo(expected)
                .isNotEqualTo(SshKeygen.fingerprint(rsaPub, true).replace("MD5:", ""));
        assertThat(imported.keyPairId()).matches("key-[0-9a-f]{17}");
        assertThat(imported.tags()).extracting(Tag::key).containsExactly("team");

        String edName = "ed-" + UUID.randomUUID();
        Path ed = SshKeygen.generate(dir, "ed", "c", "-t", "ed25519");
        Path edPub = Path.of(ed + ".pub");
        SdkBytes edMaterial = SdkBytes.fromByteArray(Files.readAllBytes(edPub));
        ImportKeyPairResponse edImported = ec2.importKeyPair(r -> r.keyName(edName).publicKeyMaterial(edMaterial));
        String sha = SshKeygen.fingerprint(edPub, false).replace("SHA256:", "");
        assertThat(edImported.keyFingerprint()).startsWith(sha).hasSize(44).endsWith("=");

        KeyPairInfo info = ec2.describeKeyPairs(r -> r.keyNames(rsaName).includePublicKey(true)).keyPairs().get(0);
        assertThat(info.keyPairId()).isEqualTo(imported.keyPairId());
        assertThat(info.keyFingerprint()).isEqualTo(expected);
        assertThat(info.keyTypeAsString()).isEqualTo("rsa");
        assertThat(info.publicKey()).startsWith("ssh-rsa ");
        assertThat(info.createTime()).isNotNull();
        assertThat(ec2.describeKeyPairs(r -> r.keyPairIds(edImported.keyPairId())).keyPairs())
                .extracting(KeyPairInfo::keyName).containsExactly(edName);
        assertThat(ec2.describeKeyPairs(r -> r.filters(Filter.builder().name("tag:team").values("blue").build()))
                .keyPairs()).extracting(KeyPairInfo::keyName).containsExactly(rsaName);
        assertThat(ec2.describeKeyPairs(r -> r.filters(Filter.builder().name("key-type").values("ed25519").build()))
                .keyPairs()).extracting(KeyPairInfo::keyName).contains(edName).doesNotContain(rsaName);
        assertThat(ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id")
                .values(imported.keyPairId()).build())).tags()).singleElement().satisfies(t -> {
                    assertThat(t.resourceTypeAsString()).isEqualTo("key-pair");
                    assertThat(t.value()).isEqualTo("blue");
                });

        assertEc2Error(() -> ec2.importKeyPair(r -> r.keyName(rsaName)
                .publicKeyMaterial(SdkBytes.fromUtf8String("ssh-ed25519 AAAA"))), "InvalidKeyPair.Duplicate", 400);
        assertEc2Error(() -> ec2.importKeyPair(r -> r.keyName("bad-" + UUID.randomUUID())
                .publicKeyMaterial(SdkBytes.fromUtf8String("not a key"))), "InvalidKey.Format", 400);
        assertEc2Error(() -> ec2.describeKeyPairs(r -> r.keyNames("no-such-key")), "InvalidKeyPair.NotFound", 400);

        assertThat(ec2.deleteKeyPair(r -> r.keyPairId(edImported.keyPairId())).returnValue()).isTrue();
        assertThat(ec2.deleteKeyPair(r -> r.keyName(rsaName)).returnValue()).isTrue();
        assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName)
                .doesNotContain(rsaName, edName);
        // EC2 answers true for a pair that is not there
        assertThat(ec2.deleteKeyPair(r -> r.keyName(rsaName)).returnValue()).isTrue();
    }

    @Test
    @DisplayName("CreateKeyPair returns the private key once; ed25519 and rsa; DryRun creates nothing")
    void createKeyPair() throws Exception {
        String name = "made-" + UUID.randomUUID();
        assertEc2Error(() -> ec2.createKeyPair(r -> r.keyName(name).dryRun(true)), "DryRunOperation", 412);
        assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).doesNotContain(name);
        var made = ec2.createKeyPair(r -> r.keyName(name).keyType("ed25519"));
        assertThat(made.keyMaterial()).contains("PRIVATE KEY");
        assertThat(made.keyPairId()).matches("key-[0-9a-f]{17}");
        Path privateKey = dir.resolve("made");
        Files.writeString(privateKey, made.keyMaterial());
        Files.setPosixFilePermissions(privateKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // the fingerprint EC2 gives for ed25519 is that of the returned key
        assertThat(made.keyFingerprint()).startsWith(SshKeygen.fingerprint(privateKey, false).replace("SHA256:", ""));
        var rsa = ec2.createKeyPair(r -> r.keyName(name + "-rsa").keyType("rsa"));
        assertThat(rsa.keyFingerprint()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        ec2.deleteKeyPair(r -> r.keyName(name));
        ec2.deleteKeyPair(r -> r.keyName(name + "-rsa"));
    }

    @Test
    @DisplayName("errors: EC2 codes and statuses for unknown, unsupported and bad requests")
    void errors() {
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("i-nothex")), "InvalidInstanceID.Malformed",
                400);
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("i-0123abcd")), "InvalidInstanceID.NotFound",
                400);
        assertEc2Error(() -> ec2.describeInstances(r -> r.filters(Filter.builder().name("owner-alias")
                .values("x").build())), "InvalidParameterValue", 400);
        assertEc2Error(() -> ec2.stopInstances(r -> r.instanceIds("i-0123abcd")), "InvalidInstanceID.NotFound", 400);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId("ami-00000000000000000").instanceType("t2.micro")
                .minCount(1).maxCount(1)), "InvalidAMIID.NotFound", 400);
        assertEc2Error(() -> ec2.describeRegions(r -> r.dryRun(true)), "DryRunOperation", 412);
        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")), "UnsupportedOperation", 400);
        assertEc2Error(() -> ec2.describeInstances(r -> r.maxResults(2)), "InvalidParameterValue", 400);
        assertEc2Error(() -> ec2.describeInstances(r -> r.nextToken("garbage!")), "InvalidNextToken", 400);
        assertEc2Error(() -> ec2.createTags(r -> r.resources("vpc-123").tags(Tag.builder().key("a").value("b")
                .build())), "InvalidID", 400);
    }

    @Test
    @DisplayName("raw protocol: GET with a query, text/xml in EC2's namespace with a requestId; errors in <Response><Errors>")
    void rawProtocol() {
        given().queryParam("Action", "DescribeRegions").queryParam("Version", "2016-11-15")
                .get("/").then().statusCode(200).contentType(startsWith("text/xml"))
                .body("DescribeRegionsResponse.regionInfo.item.regionName", equalTo("us-east-1"))
                .body(containsString("xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\""))
                .body("DescribeRegionsResponse.requestId", not(equalTo("")));
        given().contentType("application/x-www-form-urlencoded").formParam("Action", "NoSuchThing")
                .formParam("Version", "2016-11-15").post("/").then().statusCode(400).contentType(startsWith("text/xml"))
                .body("Response.Errors.Error.Code", equalTo("InvalidAction"))
                .body("Response.Errors.Error.Message", containsString("NoSuchThing"))
                .body("Response.RequestID", not(equalTo("")));
        given().contentType("application/x-www-form-urlencoded").formParam("Version", "2016-11-15")
                .post("/").then().statusCode(400).body("Response.Errors.Error.Code", equalTo("MissingAction"));
        given().contentType("application/x-www-form-urlencoded").formParam("Action", "RunInstances")
                .formParam("ImageId", "x").post("/").then().statusCode(400)
                .body("Response.Errors.Error.Code", equalTo("InvalidAMIID.NotFound"));
        given().contentType("application/x-www-form-urlencoded").formParam("Action", "RunInstances")
                .post("/").then().statusCode(400).body("Response.Errors.Error.Code", equalTo("MissingParameter"));
        // the REST API and its errors are untouched
        given().get("/api/instances/i-0123abcd").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @DisplayName("a cross-site HTML form POST to / (foreign Origin, form content type) is refused and starts nothing")
    void crossSiteFormRefused() {
        TestGuest.register(home);
        long before = Instances.count();
        given().header("Origin", "http://evil.example").contentType("application/x-www-form-urlencoded")
                .formParam("Action", "RunInstances").formParam("ImageId", TestGuest.IMAGE_ID)
                .formParam("MinCount", "1").formParam("MaxCount", "1").formParam("InstanceType", "t2.nano")
                .post("/").then().statusCode(403).contentType(startsWith("text/xml"))
                .body("Response.Errors.Error.Code", equalTo("UnauthorizedOperation"))
                .body("Response.Errors.Error.Message", containsString("http://evil.example"))
                .body("Response.RequestID", not(equalTo("")));
        given().header("Origin", "http://evil.example").contentType("application/x-www-form-urlencoded")
                .formParam("Action", "ImportKeyPair").formParam("KeyName", "evil")
                .formParam("PublicKeyMaterial", "c3NoLWVkMjU1MTkgQUFBQQ==").post("/").then().statusCode(403)
                .contentType(startsWith("text/xml")).body("Response.Errors.Error.Code", equalTo("UnauthorizedOperation"));
        // a DNS-rebound name: the EC2 endpoint answers the guard's refusal in EC2's terms too, the REST API in its own
        given().header("Host", "rebound.example:8000").contentType("application/x-www-form-urlencoded")
                .formParam("Action", "DescribeKeyPairs").post("/").then().statusCode(403)
                .contentType(startsWith("text/xml")).body("Response.Errors.Error.Code", equalTo("UnauthorizedOperation"))
                .body("Response.Errors.Error.Message", containsString("rebound.example"));
        given().header("Host", "rebound.example:8000").get("/api/instances").then().statusCode(403)
                .contentType("application/problem+json");
        assertThat(Instances.count()).isEqualTo(before);
        assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).doesNotContain("evil");
    }

    @Test
    @DisplayName("a GET may only read: RunInstances, DeleteKeyPair, ImportKeyPair by GET are refused and change nothing; Sec-Fetch-Site cross-site is refused")
    void getOnlyReads() throws Exception {
        TestGuest.register(home);
        String keyName = "get-victim-" + UUID.randomUUID();
        ec2.createKeyPair(r -> r.keyName(keyName));
        long before = Instances.count();
        // what an <img src="http://127.0.0.1:8000/?Action=..."> on any web page sends: a GET without Origin
        given().queryParam("Action", "RunInstances").queryParam("ImageId", TestGuest.IMAGE_ID)
                .queryParam("MinCount", "1").queryParam("MaxCount", "1").queryParam("InstanceType", "t2.nano")
                .get("/").then().statusCode(400).contentType(startsWith("text/xml"))
                .body("Response.Errors.Error.Code", equalTo("UnsupportedOperation"))
                .body("Response.Errors.Error.Message", containsString("POST"));
        given().queryParam("Action", "DeleteKeyPair").queryParam("KeyName", keyName)
                .get("/").then().statusCode(400).body("Response.Errors.Error.Code", equalTo("UnsupportedOperation"));
        given().queryParam("Action", "ImportKeyPair").queryParam("KeyName", "get-evil")
                .queryParam("PublicKeyMaterial", "c3NoLWVkMjU1MTkgQUFBQQ==")
                .get("/").then().statusCode(400).body("Response.Errors.Error.Code", equalTo("UnsupportedOperation"));
        // reading by GET still works
        given().queryParam("Action", "DescribeKeyPairs").get("/").then().statusCode(200);
        // a browser marks a request from a page of another site; even a POST without Origin is refused
        given().header("Sec-Fetch-Site", "cross-site").contentType("application/x-www-form-urlencoded")
                .formParam("Action", "DeleteKeyPair").formParam("KeyName", keyName).post("/").then().statusCode(403);
        given().header("Sec-Fetch-Site", "cross-site").queryParam("Action", "DescribeKeyPairs").get("/").then()
                .statusCode(403);
        assertThat(Instances.count()).isEqualTo(before);
        assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).contains(keyName)
                .doesNotContain("get-evil");
        ec2.deleteKeyPair(r -> r.keyName(keyName));
    }

    @Test
    @DisplayName("RunInstances takes 16 KiB of user data (DryRun answers DryRunOperation); more is InvalidParameterValue; body refusals are EC2 XML")
    void userDataLimits() {
        TestGuest.register(home);
        long before = Instances.count();
        byte[] full = new byte[16 * 1024];
        new java.util.Random(7).nextBytes(full);
        byte[] over = java.util.Arrays.copyOf(full, full.length + 1);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano").minCount(1)
                .maxCount(1).dryRun(true).userData(java.util.Base64.getEncoder().encodeToString(full))),
                "DryRunOperation", 412);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano").minCount(1)
                .maxCount(1).dryRun(true).userData(java.util.Base64.getEncoder().encodeToString(over))),
                "InvalidParameterValue", 400);
        // beyond the body limit: EC2's error document, not the body handler's plain text
        given().contentType("application/x-www-form-urlencoded").formParam("Action", "DescribeRegions")
                .formParam("Junk", "x".repeat(2 * 1024 * 1024)).post("/").then().statusCode(413)
                .contentType(startsWith("text/xml")).body("Response.Errors.Error.Code", equalTo("RequestEntityTooLarge"));
        assertThat(Instances.count()).isEqualTo(before);
    }

    @Test
    @DisplayName("MinCount or MaxCount above ec2.api.max-count is InstanceLimitExceeded and launches nothing")
    void maxCountCap() {
        TestGuest.register(home);
        long before = Instances.count();
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano").minCount(1)
                .maxCount(21)), "InstanceLimitExceeded", 400);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano").minCount(21)
                .maxCount(21)), "InstanceLimitExceeded", 400);
        assertThat(Instances.count()).isEqualTo(before);
    }

    @Test
    @DisplayName("control characters: refused in tags, replaced in echoed error messages so every answer stays XML")
    void controlCharacters() {
        given().queryParam("Action", "Describe\u0001Things").get("/").then().statusCode(400)
                .contentType(startsWith("text/xml")).body("Response.Errors.Error.Code", equalTo("InvalidAction"));
        String keyName = "ctl-" + UUID.randomUUID();
        ec2.createKeyPair(r -> r.keyName(keyName));
        assertEc2Error(() -> ec2.createTags(r -> r.resources(keyPairId(keyName)).tags(Tag.builder().key("k")
                .value("bad\u0001value").build())), "InvalidParameterValue", 400);
        assertEc2Error(() -> ec2.createTags(r -> r.resources(keyPairId(keyName)).tags(Tag.builder().key("k\u0007")
                .value("v").build())), "InvalidParameterValue", 400);
        // the listing still answers XML
        assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).contains(keyName);
        ec2.deleteKeyPair(r -> r.keyName(keyName));
    }

    private String keyPairId(String keyName) {
        return ec2.describeKeyPairs(r -> r.keyNames(keyName)).keyPairs().get(0).keyPairId();
    }
}
