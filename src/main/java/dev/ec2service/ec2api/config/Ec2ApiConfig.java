package dev.ec2service.ec2api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The EC2 Query API at {@code /} ({@code ec2.api.*}). */
@ConfigMapping(prefix = "ec2.api")
public interface Ec2ApiConfig {

    /** The account id in every answer (owner of instances, images, groups), as local emulators use. */
    @WithDefault("000000000000")
    String accountId();

    /** The region answered when a request is not signed (a signed request names its own region). */
    @WithDefault("us-east-1")
    String defaultRegion();

    /**
     * With both {@code access-key} and {@code secret-key} set, every request must carry a valid SigV4 signature
     * made with them; unset (the default), any credentials are accepted and unsigned requests too.
     */
    Optional<String> accessKey();

    /** See {@link #accessKey()}; setting only one of the two stops the service at startup. */
    Optional<String> secretKey();

    /**
     * The most instances one RunInstances may ask for (MinCount and MaxCount); more is refused with
     * InstanceLimitExceeded before anything is created, so a typo cannot start hundreds of VMs.
     */
    @WithDefault("20")
    int maxCount();
}
