package dev.ec2service.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ec2service.generated.ApiClient;
import dev.ec2service.generated.ApiException;
import dev.ec2service.generated.api.InstancesApi;
import dev.ec2service.generated.api.KeyPairsApi;
import dev.ec2service.generated.model.CreateInstanceRequest;
import dev.ec2service.generated.model.InstanceResponse;
import dev.ec2service.generated.model.InstanceStatus;
import dev.ec2service.generated.model.InstanceType;
import dev.ec2service.generated.model.InstanceTypeName;
import dev.ec2service.generated.model.KeyPair;
import dev.ec2service.generated.model.KeyPairRequest;
import dev.ec2service.generated.model.Limits;
import dev.ec2service.generated.model.Problem;
import dev.ec2service.keypair.SshKeygen;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a user's generated client sees it: a Java client generated at build time from webui/openapi.json
 * (the committed API document) by openapi-generator's {@code native} library drives a whole instance life, and
 * refusals arrive as {@link ApiException}s whose body reads as the generated {@link Problem}.
 */
@QuarkusTest
class GeneratedClientTest {

    private static final String KEY = "generated-client-key";

    @Inject
    DataHome home;

    @TempDir
    Path tmp;

    private ApiClient client;
    private InstancesApi instances;
    private KeyPairsApi keyPairs;

    @BeforeEach
    void client() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        instances = new InstancesApi(client);
        keyPairs = new KeyPairsApi(client);
    }

    @Test
    @DisplayName("REQ-USE-002 REQ-USE-003 a client generated from the OpenAPI document imports a key, launches, "
            + "describes, stops, starts and terminates an instance, and gets refusals as typed problems")
    void lifecycleThroughGeneratedClient() throws Exception {
        // what to launch comes from the API, not from this test
        assertThat(instances.listInstanceTypes()).extracting(InstanceType::getName)
                .containsExactly(InstanceTypeName.values());
        Limits limits = instances.getLimits();
        assertThat(limits.getMaxUserDataBytes()).isEqualTo(16 * 1024);

        // import a key: the generated model sends its own defaults (generate: false), which the server accepts
        Path privateKey = TestKeys.generate(tmp, KEY);
        deleteKeyIfPresent();
        KeyPair key = keyPairs.createKeyPair(new KeyPairRequest().name(KEY)
                .publicKey(SshKeygen.publicLine(privateKey)));
        assertThat(key.getName()).isEqualTo(KEY);
        assertThat(key.getKeyType()).hasToString("ssh-ed25519");
        assertThat(keyPairs.getKeyPair(KEY).getFingerprint()).isEqualTo(key.getFingerprint());

        InstanceResponse created = instances.createInstance(new CreateInstanceRequest().name("generated client")
                .instanceType(InstanceTypeName.T2_NANO).imageId(TestGuest.IMAGE_ID).sshKeyName(KEY));
        String id = created.getId();
        assertThat(created.getStatus()).isEqualTo(InstanceStatus.PENDING);
        assertThat(created.getInstanceType()).isEqualTo(InstanceTypeName.T2_NANO);
        assertThat(created.getMemoryMb()).isEqualTo(512);
        assertThat(created.getSshKeyName()).isEqualTo(KEY);
        try {
            InstanceResponse running = awaitStatus(id, InstanceStatus.RUNNING);
            assertThat(running.getIpAddress()).isEqualTo(created.getIpAddress());
            assertThat(running.getLaunchedAt()).isNotNull();
            assertThat(instances.listInstances(null, null, null, null, List.of(InstanceStatus.RUNNING), null)).extracting(InstanceResponse::getId)
                    .contains(id);

            // a second start is refused: 409 with the problem of the instance's state
            Problem notStopped = problemOf(() -> instances.startInstance(id), 409);
            assertThat(notStopped.getType()).isEqualTo("urn:ec2-as-service:problem:invalid-state");

            assertThat(instances.stopInstance(id).getStatus())
                    .isIn(InstanceStatus.STOPPING, InstanceStatus.STOPPED);
            awaitStatus(id, InstanceStatus.STOPPED);
            assertThat(instances.startInstance(id).getStatus()).isEqualTo(InstanceStatus.RUNNING);
            awaitStatus(id, InstanceStatus.RUNNING);
        } finally {
            InstanceResponse terminated = instances.terminateInstance(id);
            assertThat(terminated.getStatus()).isEqualTo(InstanceStatus.TERMINATED);
            assertThat(terminated.getTerminatedAt()).isNotNull();
        }
        assertThat(instances.getInstance(id).getStatus()).isEqualTo(InstanceStatus.TERMINATED);
        assertThat(problemOf(() -> instances.terminateInstance(id), 409).getDetail()).isNotBlank();

        // refusals: each an ApiException with the status and a problem document
        Problem missing = problemOf(() -> instances.getInstance("i-00000000"), 404);
        assertThat(missing.getType()).isEqualTo("urn:ec2-as-service:problem:not-found");
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getDetail()).contains("i-00000000");

        Problem tooMuchUserData = problemOf(() -> instances.createInstance(new CreateInstanceRequest()
                .instanceType(InstanceTypeName.T2_NANO).imageId(TestGuest.IMAGE_ID)
                .userData("#!/bin/sh\n" + "x".repeat(limits.getMaxUserDataBytes()))), 422);
        assertThat(tooMuchUserData.getType()).isEqualTo("urn:ec2-as-service:problem:user-data-too-large");

        Problem unknownImage = problemOf(() -> instances.createInstance(new CreateInstanceRequest()
                .instanceType(InstanceTypeName.T2_NANO).imageId("no-such-image")), 422);
        assertThat(unknownImage.getType()).isEqualTo("urn:ec2-as-service:problem:unknown-image");
        assertThat(unknownImage.getDetail()).contains("no-such-image");

        keyPairs.deleteKeyPair(KEY);
        assertThat(problemOf(() -> keyPairs.getKeyPair(KEY), 404).getTitle()).isEqualTo("Key pair not found");
    }

    private InstanceResponse awaitStatus(String id, InstanceStatus status) {
        AtomicReference<InstanceResponse> last = new AtomicReference<>();
        Awaitility.await().atMost(Instances.BOOT).pollInterval(Duration.ofMillis(250)).until(() -> {
            InstanceResponse now = instances.getInstance(id);
            last.set(now);
            if (now.getStatus() == InstanceStatus.ERROR && status != InstanceStatus.ERROR) {
                throw new AssertionError(id + " went to error: " + now.getStateReason());
            }
            return now.getStatus() == status;
        });
        return last.get();
    }

    private void deleteKeyIfPresent() throws ApiException {
        try {
            keyPairs.deleteKeyPair(KEY);
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The problem a refused call answered, read with the generated model; fails unless it had this status. */
    private Problem problemOf(Call call, int status) throws Exception {
        ApiException refused = catchThrowableOfType(ApiException.class, call::run);
        assertThat(refused).as("refused with " + status).isNotNull();
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(status);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(status);
        return problem;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }
}
