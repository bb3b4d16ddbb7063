package dev.ec2service.ec2api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.hypervisor.Hypervisor;
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
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * What Terraform's {@code aws_instance} (terraform-provider-aws, internal/service/ec2/ec2_instance.go) sends on
 * create, read, an {@code instance_type} change and destroy, replayed call by call with the AWS SDK for Java v2 on
 * a real VM. Terraform cannot be installed here; the README lists the same calls.
 */
@QuarkusTest
class Ec2TerraformReplayTests {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path dir;

    private final DataHome home;
    private final Hypervisor hypervisor;
    private Ec2Client ec2;
    private Ec2Waiter waiter;

    Ec2TerraformReplayTests(DataHome home, Hypervisor hypervisor) {
        this.home = home;
        this.hypervisor = hypervisor;
    }

    @BeforeEach
    void client() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        ec2 = Ec2Clients.client(base);
        waiter = Ec2Clients.bootWaiter(ec2);
    }

    @AfterEach
    void close() {
        if (ec2 != null) {
            ec2.close();
        }
    }

    @Test
    @DisplayName("aws_instance: create, read, instance_type change (stop, modify, start: the guest has the new memory), destroy")
    void awsInstance() throws Exception {
        String keyName = "tf-" + UUID.randomUUID();
        Path key = SshKeygen.generate(dir, "key", "tf", "-t", "ed25519");
        SdkBytes material = SdkBytes.fromByteArray(Files.readAllBytes(Path.of(key + ".pub")));
        ec2.importKeyPair(r -> r.keyName(keyName).publicKeyMaterial(material));
        String ami = ec2.describeImages(r -> r.filters(filter("name", TestGuest.IMAGE_ID))).images().get(0).imageId();
        String userData = "#!/bin/sh\necho tf > /tmp/tf\n";
        String userData64 = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));

        // create: RunInstances as resourceInstanceCreate fills it (an empty Placement.AvailabilityZone included)
        String id = ec2.runInstances(r -> r.clientToken("terraform-" + UUID.randomUUID()).disableApiTermination(false)
                .ebsOptimized(false).imageId(ami).instanceType("t2.nano").keyName(keyName).maxCount(1).minCount(1)
                .monitoring(m -> m.enabled(false)).placement(p -> p.availabilityZone(""))
                .tagSpecifications(TagSpecification.builder().resourceType("instance")
                        .tags(Tag.builder().key("Name").value("tf-web").build()).build())
                .userData(userData64)).instances().get(0).instanceId();
        try {
            // WaitInstanceCreated: DescribeInstances until running
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id)).matched().response().orElseThrow();
            Instance created = read(id, "t2.nano", userData64);
            long before = memTotalKb(created, key);
            assertThat(before).as("t2.nano has 512 MiB").isLessThan(512 * 1024);

            // what ModifyInstanceAttribute refuses, before the real change
            assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value("t2.micro"))),
                    "IncorrectInstanceState");
            assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value("t2.micro"))
                    .disableApiTermination(v -> v.value(false))), "InvalidParameterCombination");

            // update instance_type: modifyInstanceAttributeWithStopStart = StopInstances, WaitInstanceStopped,
            // ModifyInstanceAttribute, StartInstances, WaitInstanceStarted; then the read again
            ec2.stopInstances(r -> r.instanceIds(id));
            waiter.waitUntilInstanceStopped(r -> r.instanceIds(id)).matched().response().orElseThrow();
            assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value("t9.huge"))),
                    "InvalidParameterValue");
            assertEc2Error(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value("t2.micro"))
                    .dryRun(true)), "DryRunOperation");
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value("t2.micro")));
            // user_data changes the same way (its own stop and start in Terraform; folded into this one here)
            String newUserData = "#!/bin/sh\necho tf-changed-user-data > /tmp/tf\n";
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).userData(v -> v.value(SdkBytes.fromUtf8String(newUserData))));
            assertThat(Files.exists(home.instanceDir(id).resolve("cloud-init.iso")))
                    .as("the seed is written anew at the next start").isFalse();
            ec2.startInstances(r -> r.instanceIds(id));
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id)).matched().response().orElseThrow();
            Instance changed = read(id, "t2.micro",
                    Base64.getEncoder().encodeToString(newUserData.getBytes(StandardCharsets.UTF_8)));
            assertThat(changed.blockDeviceMappings().get(0).ebs().volumeId())
                    .isEqualTo(created.blockDeviceMappings().get(0).ebs().volumeId());
            assertThat(new String(Files.readAllBytes(home.instanceDir(id).resolve("cloud-init.iso")),
                    StandardCharsets.ISO_8859_1)).contains("tf-changed-user-data");
            long after = memTotalKb(changed, key);
            assertThat(after).as("t2.micro has 1 GiB; the guest had %d kB before", before)
                    .isGreaterThan(768 * 1024).isLessThanOrEqualTo(1024 * 1024);

            // destroy: resourceInstanceDelete = ModifyInstanceAttribute(DisableApiTermination=false),
            // TerminateInstances, WaitInstanceDeleted
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(v -> v.value(false)));
            ec2.terminateInstances(r -> r.instanceIds(id));
            waiter.waitUntilInstanceTerminated(r -> r.instanceIds(id)).matched().response().orElseThrow();
            assertThat(hypervisor.findDomain(id)).as("the domain is gone").isEmpty();
            assertThat(home.instanceDir(id)).as("the disk is gone").doesNotExist();
            String volumeId = changed.blockDeviceMappings().get(0).ebs().volumeId();
            assertEc2Error(() -> ec2.describeVolumes(r -> r.volumeIds(volumeId)), "InvalidVolume.NotFound");
        } finally {
            try {
                ec2.terminateInstances(r -> r.instanceIds(id));
            } catch (Ec2Exception e) {
                // already terminated
            }
            ec2.deleteKeyPair(r -> r.keyName(keyName));
        }
    }

    /**
     * resourceInstanceRead, in its order: the instance, its type (burstable?), the launch template tag, the VPC
     * (default?), the shutdown behaviour, the root volume, disableApiStop, disableApiTermination, user data, the
     * credit specification.
     */
    private Instance read(String id, String type, String userData64) {
        Instance instance = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
        assertThat(instance.instanceId()).isEqualTo(id);
        assertThat(instance.instanceTypeAsString()).isEqualTo(type);
        assertThat(instance.tags()).extracting(Tag::key).contains("Name");
        assertThat(ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(type)).instanceTypes()).singleElement()
                .satisfies(t -> assertThat(t.burstablePerformanceSupported()).isTrue());
        assertThat(ec2.describeTags(r -> r.filters(filter("resource-id", id), filter("key", "aws:ec2launchtemplate:id")))
                .tags()).isEmpty();
        assertThat(ec2.describeVpcs(r -> r.vpcIds(instance.vpcId())).vpcs()).singleElement()
                .satisfies(v -> assertThat(v.isDefault()).isTrue());
        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("instanceInitiatedShutdownBehavior"))
                .instanceInitiatedShutdownBehavior().value()).isEqualTo("stop");

        List<InstanceBlockDeviceMapping> mappings = instance.blockDeviceMappings();
        assertThat(mappings).singleElement().satisfies(m -> assertThat(m.deviceName())
                .isEqualTo(instance.rootDeviceName()));
        String volumeId = mappings.get(0).ebs().volumeId();
        Volume volume = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0);
        assertThat(volume.volumeId()).isEqualTo(volumeId);
        assertThat(volume.size()).as("the disk stays as launched, like an EBS root volume").isEqualTo(8);
        assertThat(volume.volumeTypeAsString()).isEqualTo("gp2");
        assertThat(volume.stateAsString()).isEqualTo("in-use");
        assertThat(volume.attachments()).singleElement().satisfies(a -> {
            assertThat(a.instanceId()).isEqualTo(id);
            assertThat(a.device()).isEqualTo("/dev/vda");
            assertThat(a.deleteOnTermination()).isTrue();
        });
        // getInstanceVolumeIDs (volume_tags) asks by attachment
        assertThat(ec2.describeVolumes(r -> r.filters(filter("attachment.instance-id", id))).volumes())
                .extracting(Volume::volumeId).containsExactly(volumeId);

        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("disableApiStop")).disableApiStop()
                .value()).isFalse();
        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("disableApiTermination"))
                .disableApiTermination().value()).isFalse();
        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("userData")).userData().value())
                .isEqualTo(userData64);
        assertThat(ec2.describeInstanceCreditSpecifications(r -> r.instanceIds(id)).instanceCreditSpecifications())
                .singleElement().satisfies(c -> {
                    assertThat(c.instanceId()).isEqualTo(id);
                    assertThat(c.cpuCredits()).isEqualTo("standard");
                });
        return instance;
    }

    private static long memTotalKb(Instance instance, Path key) throws Exception {
        String line = Ssh.await(instance.privateIpAddress(), TestGuest.USER, key, "grep MemTotal /proc/meminfo",
                Instances.BOOT);
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static void assertEc2Error(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code));
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
