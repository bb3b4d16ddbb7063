package dev.ec2service.ec2api.model;

import dev.ec2service.ec2api.xml.XmlName;
import java.time.Instant;
import java.util.List;

/**
 * The response shapes of botocore's EC2 model (data/ec2/2016-11-15/service-2.json) that we answer. Component names
 * are the model's {@code locationName}s; lists become {@code <name><item>...</item></name>}; nulls are left out.
 */
public final class Ec2Model {

    private Ec2Model() {
    }

    public record Tag(String key, String value) {
    }

    public record InstanceState(int code, String name) {
    }

    public record StateReason(String code, String message) {
    }

    public record Placement(String availabilityZone, String groupName, String tenancy) {
    }

    public record Monitoring(String state) {
    }

    public record GroupIdentifier(String groupId, String groupName) {
    }

    public record EbsInstanceBlockDevice(Instant attachTime, Boolean deleteOnTermination, String status,
            String volumeId) {
    }

    public record InstanceBlockDeviceMapping(String deviceName, EbsInstanceBlockDevice ebs) {
    }

    public record CpuOptions(Integer coreCount, Integer threadsPerCore) {
    }

    public record Instance(String instanceId, String imageId, InstanceState instanceState, String privateDnsName,
            String dnsName, String reason, String keyName, Integer amiLaunchIndex, List<Object> productCodes,
            String instanceType, Instant launchTime, Placement placement, Monitoring monitoring, String subnetId,
            String vpcId, String privateIpAddress, String ipAddress, Boolean sourceDestCheck,
            List<GroupIdentifier> groupSet, StateReason stateReason, String architecture, String rootDeviceType,
            String rootDeviceName, List<InstanceBlockDeviceMapping> blockDeviceMapping, String virtualizationType,
            String clientToken, List<Tag> tagSet, Boolean ebsOptimized, Boolean enaSupport, CpuOptions cpuOptions,
            String platformDetails) {
    }

    public record Reservation(String reservationId, String ownerId, List<GroupIdentifier> groupSet,
            List<Instance> instancesSet) {
    }

    public record DescribeInstancesResult(List<Reservation> reservationSet, String nextToken) {
    }

    public record InstanceStateChange(String instanceId, InstanceState currentState, InstanceState previousState) {
    }

    public record StateChanges(List<InstanceStateChange> instancesSet) {
    }

    public record InstanceStatusDetails(String name, String status) {
    }

    public record InstanceStatusSummary(List<InstanceStatusDetails> details, String status) {
    }

    public record InstanceStatus(String instanceId, String availabilityZone, InstanceState instanceState,
            InstanceStatusSummary instanceStatus, InstanceStatusSummary systemStatus) {
    }

    public record DescribeInstanceStatusResult(List<InstanceStatus> instanceStatusSet, String nextToken) {
    }

    public record ConsoleOutput(String instanceId, Instant timestamp, String output) {
    }

    public record KeyPairInfo(String keyPairId, String keyType, List<Tag> tagSet, String publicKey,
            Instant createTime, String keyName, String keyFingerprint) {
    }

    public record DescribeKeyPairsResult(List<KeyPairInfo> keySet) {
    }

    public record ImportKeyPairResult(String keyFingerprint, String keyName, String keyPairId, List<Tag> tagSet) {
    }

    public record CreateKeyPairResult(String keyPairId, List<Tag> tagSet, String keyName, String keyFingerprint,
            String keyMaterial) {
    }

    public record DeleteKeyPairResult(@XmlName("return") Boolean ok, String keyPairId) {
    }

    public record Return(@XmlName("return") Boolean ok) {
    }

    public record Image(String imageId, String imageLocation, String imageState, String imageOwnerId,
            String creationDate, Boolean isPublic, String architecture, String imageType, String name,
            String description, String rootDeviceType, String rootDeviceName, String virtualizationType,
            String platformDetails, String usageOperation, List<Tag> tagSet, StateReason stateReason) {
    }

    public record DescribeImagesResult(List<Image> imagesSet, String nextToken) {
    }

    public record TagDescription(String key, String resourceId, String resourceType, String value) {
    }

    public record DescribeTagsResult(List<TagDescription> tagSet, String nextToken) {
    }

    public record Region(String regionName, String regionEndpoint, String optInStatus) {
    }

    public record DescribeRegionsResult(List<Region> regionInfo) {
    }

    public record AvailabilityZone(String zoneName, String zoneId, String zoneState, String regionName,
            String zoneType, String optInStatus, String groupName, String networkBorderGroup,
            List<Object> messageSet) {
    }

    public record DescribeAvailabilityZonesResult(List<AvailabilityZone> availabilityZoneInfo) {
    }

    public record AccountAttributeValue(String attributeValue) {
    }

    public record AccountAttribute(String attributeName, List<AccountAttributeValue> attributeValueSet) {
    }

    public record DescribeAccountAttributesResult(List<AccountAttribute> accountAttributeSet) {
    }

    public record VCpuInfo(int defaultVCpus, int defaultCores, int defaultThreadsPerCore) {
    }

    public record MemoryInfo(long sizeInMiB) {
    }

    public record ProcessorInfo(List<String> supportedArchitectures, Double sustainedClockSpeedInGhz) {
    }

    public record InstanceTypeInfo(String instanceType, Boolean currentGeneration, Boolean freeTierEligible,
            List<String> supportedUsageClasses, List<String> supportedRootDeviceTypes,
            List<String> supportedVirtualizationTypes, Boolean bareMetal, ProcessorInfo processorInfo,
            VCpuInfo vCpuInfo, MemoryInfo memoryInfo, Boolean instanceStorageSupported,
            Boolean burstablePerformanceSupported, Boolean supportedInRegion) {
    }

    public record DescribeInstanceTypesResult(List<InstanceTypeInfo> instanceTypeSet, String nextToken) {
    }
}
