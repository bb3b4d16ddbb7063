package dev.ec2service.ec2api.api;

/** One EC2 Query call: its parameters and who made it for which region. */
public record Ec2Request(String action, QueryParams params, String requestId, String region, String accessKey) {

    /** DryRun=true: the caller only asks whether the call would succeed, after its checks. */
    public void dryRunCheck() {
        if (params.bool("DryRun")) {
            throw Ec2Exception.dryRun();
        }
    }
}
