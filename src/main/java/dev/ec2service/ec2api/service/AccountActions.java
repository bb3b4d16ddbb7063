package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.platform.arch.Arch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What clients ask before anything else: the region (the one the client signs for: every region is this
 * machine), its single zone, the account's attributes and our five instance types.
 */
@ApplicationScoped
public class AccountActions implements Ec2Actions {

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.of(
                "DescribeRegions", this::describeRegions,
                "DescribeAvailabilityZones", this::describeAvailabilityZones,
                "DescribeAccountAttributes", this::describeAccountAttributes,
                "DescribeInstanceTypes", this::describeInstanceTypes);
    }

    /** The zone of a region: its name plus "a". */
    public static String zone(String region) {
        return region + "a";
    }

    Record describeRegions(Ec2Request request) {
        Map<String, List<String>> filters = request.params().filters();
        Ec2Filters.requireKnown(filters, Set.of("region-name", "endpoint", "opt-in-status"), false);
        List<String> names = request.params().list("RegionName");
        Ec2Model.Region region = new Ec2Model.Region(request.region(), "ec2." + request.region() + ".amazonaws.com",
                "opt-in-not-required");
        boolean wanted = (names.isEmpty() || names.contains(region.regionName()))
                && Ec2Filters.matches(filters, region, (r, f) -> switch (f) {
                    case "region-name" -> List.of(r.regionName());
                    case "endpoint" -> List.of(r.regionEndpoint());
                    default -> List.of(r.optInStatus());
                }, Map.of());
        return new Ec2Model.DescribeRegionsResult(wanted ? List.of(region) : List.of());
    }

    Record describeAvailabilityZones(Ec2Request request) {
        Map<String, List<String>> filters = request.params().filters();
        Ec2Filters.requireKnown(filters, Set.of("zone-name", "zone-id", "region-name", "state", "zone-type"), false);
        String region = request.region();
        Ec2Model.AvailabilityZone zone = new Ec2Model.AvailabilityZone(zone(region), region + "-az1", "available",
                region, "availability-zone", "opt-in-not-required", region, region, List.of());
        List<String> names = request.params().list("ZoneName");
        List<String> ids = request.params().list("ZoneId");
        for (String name : names) {
            if (!name.equals(zone.zoneName())) {
                throw new Ec2Exception("InvalidParameterValue", "Invalid availability zone: [" + name + "]");
            }
        }
        boolean wanted = (ids.isEmpty() || ids.contains(zone.zoneId()))
                && Ec2Filters.matches(filters, zone, (z, f) -> switch (f) {
                    case "zone-name" -> List.of(z.zoneName());
                    case "zone-id" -> List.of(z.zoneId());
                    case "region-name" -> List.of(z.regionName());
                    case "state" -> List.of(z.zoneState());
                    default -> List.of(z.zoneType());
                }, Map.of());
        return new Ec2Model.DescribeAvailabilityZonesResult(wanted ? List.of(zone) : List.of());
    }

    Record describeAccountAttributes(Ec2Request request) {
        List<Ec2Model.AccountAttribute> all = List.of(
                attribute("supported-platforms", "VPC"),
                attribute("default-vpc", NetworkActions.VPC_ID),
                attribute("max-instances", "20"),
                attribute("vpc-max-security-groups-per-interface", "5"),
                attribute("max-elastic-ips", "0"),
                attribute("vpc-max-elastic-ips", "0"));
        List<String> names = request.params().list("AttributeName");
        return new Ec2Model.DescribeAccountAttributesResult(names.isEmpty() ? all
                : all.stream().filter(a -> names.contains(a.attributeName())).toList());
    }

    private static Ec2Model.AccountAttribute attribute(String name, String value) {
        return new Ec2Model.AccountAttribute(name, List.of(new Ec2Model.AccountAttributeValue(value)));
    }

    Record describeInstanceTypes(Ec2Request request) {
        List<String> names = request.params().list("InstanceType");
        for (String name : names) {
            if (InstanceType.byName(name).isEmpty()) {
                throw new Ec2Exception("InvalidInstanceType", "The following supplied instance types do not exist: ["
                        + name + "]");
            }
        }
        Map<String, List<String>> filters = request.params().filters();
        Ec2Filters.requireKnown(filters, Set.of("instance-type", "vcpu-info.default-vcpus",
                "memory-info.size-in-mib", "burstable-performance-supported", "current-generation",
                "processor-info.supported-architecture"), false);
        List<Ec2Model.InstanceTypeInfo> types = Arrays.stream(InstanceType.values())
                .filter(t -> names.isEmpty() || names.contains(t.apiName()))
                .filter(t -> Ec2Filters.matches(filters, t, (type, f) -> switch (f) {
                    case "instance-type" -> List.of(type.apiName());
                    case "vcpu-info.default-vcpus" -> List.of(String.valueOf(type.vcpus()));
                    case "memory-info.size-in-mib" -> List.of(String.valueOf(type.memoryMb()));
                    case "processor-info.supported-architecture" -> List.of(Arch.X86_64.ec2Name());
                    default -> List.of("true");
                }, Map.of()))
                .map(AccountActions::info).toList();
        Ec2Filters.Page<Ec2Model.InstanceTypeInfo> page = Ec2Filters.page(types, request.params().integer("MaxResults"),
                request.params().get("NextToken"), 5, 100);
        return new Ec2Model.DescribeInstanceTypesResult(page.items(), page.nextToken());
    }

    private static Ec2Model.InstanceTypeInfo info(InstanceType type) {
        return new Ec2Model.InstanceTypeInfo(type.apiName(), true, type == InstanceType.T2_MICRO,
                List.of("on-demand"), List.of("ebs"), List.of("hvm"), false,
                new Ec2Model.ProcessorInfo(List.of(Arch.X86_64.ec2Name()), null),
                new Ec2Model.VCpuInfo(type.vcpus(), type.vcpus(), 1), new Ec2Model.MemoryInfo(type.memoryMb()),
                false, true, true);
    }
}
