package dev.ec2service.ec2api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.keypair.SshKeygen;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** Real VMs launched, described, stopped, started and terminated through the AWS SDK for Java v2. */
@QuarkusTest
class Ec2InstanceTests {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path dir;

    private final DataHome home;
    private Ec2Client ec2;
    private Ec2Waiter waiter;
    private String ami;

    Ec2InstanceTests(DataHome home) {
        this.home = home;
    }

    @BeforeEach
    void client() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        ec2 = Ec2Clients.client(base);
        waiter = Ec2Clients.bootWaiter(ec2);
        ami = ec2.describeImages(r -> r.filters(Filter.builder().name("name").values(TestGuest.IMAGE_ID).build()))
                .images().get(0).imageId();
    }

    @AfterEach
    void close() {
        if (ec2 != null) {
            ec2.close();
        }
    }

    private static void assertEc2Error(Runnable call, String code, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
        });
    }

    @Test
    @DisplayName("RunInstances with a key, user data and tags; waiters; filters; SSH; stop, start, terminate with EC2's state codes")
    void lifecycle() throws Exception {
        String keyName = "sdk-" + UUID.randomUUID();
        Path key = SshKeygen.generate(dir, "key", "sdk", "-t", "ed25519");
        SdkBytes material = SdkBytes.fromByteArray(Files.readAllBytes(Path.of(key + ".pub")));
        ec2.importKeyPair(r -> r.keyName(keyName).publicKeyMaterial(material));
        String userData = "#!/bin/sh\necho from-user-data > /tmp/ec2-user-data\n";
        String token = UUID.randomUUID().toString();

        long before = Instances.count();
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(ami).instanceType("t2.nano").minCount(1).maxCount(1)
                .dryRun(true)), "DryRunOperation", 412);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(ami).instanceType("t9.huge").minCount(1).maxCount(1)),
                "InvalidParameterValue", 400);
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(ami).instanceType("t2.nano").minCount(1).maxCount(1)
                .keyName("no-such-key")), "InvalidKeyPair.NotFound", 400);
        assertThat(Instances.count()).as("refused launches leave nothing").isEqualTo(before);

        RunInstancesResponse run = ec2.runInstances(r -> r.imageId(ami).instanceType("t2.nano").minCount(1)
                .maxCount(1).keyName(keyName).clientToken(token)
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .tagSpecifications(TagSpecification.builder().resourceType("instance").tags(
                        Tag.builder().key("Name").value("sdk-vm").build(),
                        Tag.builder().key("env").value("test").build()).build()));
        assertThat(run.reservationId()).startsWith("r-");
        assertThat(run.ownerId()).isEqualTo("000000000000");
        Instance launched = run.instances().get(0);
        String id = launched.instanceId();
        try {
            assertThat(launched.state().code()).isZero();
            assertThat(launched.state().nameAsString()).isEqualTo("pending");
            assertThat(launched.imageId()).isEqualTo(ami);
            assertThat(launched.keyName()).isEqualTo(keyName);
            assertThat(launched.placement().availabilityZone()).isEqualTo("eu-west-3a");
            assertThat(launched.tags()).extracting(Tag::key).containsExactlyInAnyOrder("Name", "env");

            // the same ClientToken answers the same reservation and launches nothing more
            RunInstancesResponse again = ec2.runInstances(r -> r.imageId(ami).instanceType("t2.nano").minCount(1)
                    .maxCount(1).keyName(keyName).clientToken(token));
            assertThat(again.reservationId()).isEqualTo(run.reservationId());
            assertThat(again.instances()).extracting(Instance::instanceId).containsExactly(id);
            assertThat(Instances.count()).isEqualTo(before + 1);

            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id)).matched().response().orElseThrow();
            Instance running = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
            assertThat(running.state().code()).isEqualTo(16);
            String ip = running.privateIpAddress();
            assertThat(ip).isNotBlank();
            assertThat(running.publicIpAddress()).isEqualTo(ip);

            // the same instance, with its tags, through REST
            given().get("/api/instances/" + id).then().statusCode(200)
                    .body("tags.env", org.hamcrest.Matchers.equalTo("test"))
                    .body("name", org.hamcrest.Matchers.equalTo("sdk-vm"));

            // filters
            assertThat(ids(ec2.describeInstances(r -> r.filters(filter("tag:env", "test"))).reservations())).contains(id);
            assertThat(ids(ec2.describeInstances(r -> r.filters(filter("tag:env", "prod"))).reservations()))
                    .doesNotContain(id);
            assertThat(ids(ec2.describeInstances(r -> r.filters(filter("instance-state-name", "running"),
                    filter("instance-type", "t2.nano"), filter("image-id", ami), filter("key-name", keyName),
                    filter("private-ip-address", ip), filter("tag-key", "env"), filter("tag-value", "sdk-*")))
                    .reservations())).containsExactly(id);
            assertThat(ids(ec2.describeInstances(r -> r.filters(filter("instance-id", id))).reservations()))
                    .containsExactly(id);
            assertThat(ec2.describeInstances(r -> r.filters(filter("reservation-id", run.reservationId())))
                    .reservations()).singleElement().satisfies(res -> assertThat(res.reservationId())
                            .isEqualTo(run.reservationId()));
            // paginator over pages of 5
            assertThat(ec2.describeInstancesPaginator(r -> r.maxResults(5)).reservations().stream()
                    .flatMap(res -> res.instances().stream()).map(Instance::instanceId)).contains(id);

            assertThat(ec2.describeInstanceStatus(r -> r.instanceIds(id)).instanceStatuses()).singleElement()
                    .satisfies(s -> assertThat(s.instanceStatus().statusAsString()).isEqualTo("ok"));

            // SSH with the imported key, and the user data ran
            String out = Ssh.await(ip, TestGuest.USER, key, "cat /tmp/ec2-user-data", Instances.BOOT);
            assertThat(out).contains("from-user-data");
            String console = new String(Base64.getDecoder().decode(ec2.getConsoleOutput(r -> r.instanceId(id)).output()),
                    StandardCharsets.UTF_8);
            assertThat(console).isNotEmpty();

            // disableApiTermination is honoured by TerminateInstances
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(true)));
            assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("disableApiTermination"))
                    .disableApiTermination().value()).isTrue();
            assertEc2Error(() -> ec2.terminateInstances(r -> r.instanceIds(id)), "OperationNotPermitted", 400);
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(false)));
            assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("instanceType"))
                    .instanceType().value()).isEqualTo("t2.nano");

            assertEc2Error(() -> ec2.startInstances(r -> r.instanceIds(id).dryRun(true)), "DryRunOperation", 412);
            InstanceStateChange stopping = ec2.stopInstances(r -> r.instanceIds(id)).stoppingInstances().get(0);
            assertThat(stopping.previousState().code()).isEqualTo(16);
            assertThat(stopping.currentState().code()).isIn(64, 80);
            waiter.waitUntilInstanceStopped(r -> r.instanceIds(id)).matched().response().orElseThrow();
            assertEc2Error(() -> ec2.rebootInstances(r -> r.instanceIds(id)), "IncorrectInstanceState", 400);

            InstanceStateChange starting = ec2.startInstances(r -> r.instanceIds(id)).startingInstances().get(0);
            assertThat(starting.previousState().code()).isEqualTo(80);
            assertThat(starting.currentState().code()).isIn(0, 16);
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));

            InstanceStateChange terminating = ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0);
            assertThat(terminating.previousState().code()).isEqualTo(16);
            assertThat(terminating.currentState().code()).isIn(32, 48);
            waiter.waitUntilInstanceTerminated(r -> r.instanceIds(id)).matched().response().orElseThrow();
            // terminating again is a no-op that answers terminated, as on EC2
            assertThat(ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0).currentState().code())
                    .isEqualTo(48);
        } finally {
            // a failed assertion must not leave a VM running (or protected from termination) for the next tests
            try {
                ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(false)));
                ec2.terminateInstances(r -> r.instanceIds(id));
            } catch (Ec2Exception e) {
                // already terminated
            }
            ec2.deleteKeyPair(r -> r.keyName(keyName));
        }
    }

    @Test
    @DisplayName("CreateTags, DescribeTags and DeleteTags on an instance; MinCount above the launch cap leaves nothing")
    void tagsAndCounts() {
        long before = Instances.count();
        // a MinCount above ec2.api.max-count (20) can never launch, whatever the machine's free memory
        assertEc2Error(() -> ec2.runInstances(r -> r.imageId(ami).instanceType("t2.large").minCount(50)
                .maxCount(50)), "InstanceLimitExceeded", 400);
        assertThat(Instances.count()).as("a refused launch leaves nothing").isEqualTo(before);

        String id = ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano").minCount(1)
                .maxCount(1)).instances().get(0).instanceId();
        ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        assertThat(ec2.describeTags(r -> r.filters(filter("resource-id", id))).tags())
                .extracting(t -> t.key() + "=" + t.value() + "@" + t.resourceTypeAsString())
                .containsExactly("a=1@instance", "b=2@instance");
        // a value that does not match keeps the tag; a key alone removes it
        ec2.deleteTags(r -> r.resources(id).tags(Tag.builder().key("a").value("other").build(),
                Tag.builder().key("b").build()));
        assertThat(ec2.describeTags(r -> r.filters(filter("resource-id", id))).tags())
                .extracting(t -> t.key()).containsExactly("a");
        assertEc2Error(() -> ec2.createTags(r -> r.resources("i-0123abcd").tags(Tag.builder().key("x").value("y")
                .build())), "InvalidInstanceID.NotFound", 400);
        ec2.terminateInstances(r -> r.instanceIds(id));
        waiter.waitUntilInstanceTerminated(r -> r.instanceIds(id));
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static List<String> ids(List<Reservation> reservations) {
        return reservations.stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
    }
}
