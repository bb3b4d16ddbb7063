package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.config.Ec2ApiConfig;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.ec2api.xml.XmlName;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The network as EC2 clients expect to find it: one default VPC and one default subnet, both the instance network's
 * CIDR, and one default security group that lets everything through (the network is private to this machine).
 */
@ApplicationScoped
public class NetworkActions implements Ec2Actions {

    public static final String VPC_ID = "vpc-0ec2a500000000001";
    public static final String SUBNET_ID = "subnet-0ec2a50000000001";
    public static final String GROUP_ID = "sg-0ec2a50000000001";
    public static final String GROUP_NAME = "default";

    record Vpc(String vpcId, String ownerId, String state, String cidrBlock, String dhcpOptionsId,
            String instanceTenancy, Boolean isDefault) {
    }

    record DescribeVpcsResult(List<Vpc> vpcSet) {
    }

    record Subnet(String subnetId, String subnetArn, String state, String vpcId, String ownerId, String cidrBlock,
            Integer availableIpAddressCount, String availabilityZone, String availabilityZoneId, Boolean defaultForAz,
            Boolean mapPublicIpOnLaunch) {
    }

    record DescribeSubnetsResult(List<Subnet> subnetSet) {
    }

    record IpRange(String cidrIp) {
    }

    record IpPermission(String ipProtocol, List<IpRange> ipRanges) {
    }

    record SecurityGroup(String ownerId, String groupId, String groupName,
            @XmlName("groupDescription") String description, String vpcId, List<IpPermission> ipPermissions,
            List<IpPermission> ipPermissionsEgress) {
    }

    record DescribeSecurityGroupsResult(List<SecurityGroup> securityGroupInfo) {
    }

    private final Ec2Config config;
    private final Ec2ApiConfig api;

    NetworkActions(Ec2Config config, Ec2ApiConfig api) {
        this.config = config;
        this.api = api;
    }

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.of(
                "DescribeVpcs", this::describeVpcs,
                "DescribeSubnets", this::describeSubnets,
                "DescribeSecurityGroups", this::describeSecurityGroups);
    }

    String cidr() {
        String[] octets = config.network().gateway().split("\\.");
        int prefix = config.network().prefix();
        long address = 0;
        for (String octet : octets) {
            address = address << 8 | Integer.parseInt(octet);
        }
        long mask = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        long network = address & mask;
        return (network >> 24 & 255) + "." + (network >> 16 & 255) + "." + (network >> 8 & 255) + "." + (network & 255)
                + "/" + prefix;
    }

    Record describeVpcs(Ec2Request request) {
        only(request, "VpcId", VPC_ID, "InvalidVpcID.NotFound");
        return new DescribeVpcsResult(List.of(new Vpc(VPC_ID, api.accountId(), "available", cidr(), "default",
                "default", true)));
    }

    Record describeSubnets(Ec2Request request) {
        only(request, "SubnetId", SUBNET_ID, "InvalidSubnetID.NotFound");
        return new DescribeSubnetsResult(List.of(new Subnet(SUBNET_ID, null, "available", VPC_ID, api.accountId(),
                cidr(), null, AccountActions.zone(request.region()), request.region() + "-az1", true, false)));
    }

    Record describeSecurityGroups(Ec2Request request) {
        only(request, "GroupId", GROUP_ID, "InvalidGroup.NotFound");
        for (String name : request.params().list("GroupName")) {
            if (!name.equals(GROUP_NAME)) {
                throw new Ec2Exception("InvalidGroup.NotFound", "The security group '" + name + "' does not exist");
            }
        }
        List<IpPermission> all = List.of(new IpPermission("-1", List.of(new IpRange("0.0.0.0/0"))));
        return new DescribeSecurityGroupsResult(List.of(new SecurityGroup(api.accountId(), GROUP_ID, GROUP_NAME,
                "default VPC security group (everything allowed on the private instance network)", VPC_ID, all,
                all)));
    }

    private static void only(Ec2Request request, String parameter, String id, String code) {
        for (String wanted : request.params().list(parameter)) {
            if (!wanted.equals(id)) {
                throw new Ec2Exception(code, "The " + parameter.replace("Id", " ID") + " '" + wanted
                        + "' does not exist");
            }
        }
    }
}
