package dev.ec2service.ec2api;

import dev.ec2service.testsupport.Instances;
import java.net.URI;
import java.net.URL;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** The real AWS SDK for Java v2 pointed at the service under test; no retries, so each call is seen once. */
public final class Ec2Clients {

    private Ec2Clients() {
    }

    public static Ec2Client client(URL base, String accessKey, String secretKey) {
        return Ec2Client.builder()
                .endpointOverride(URI.create(base.toString().replaceAll("/$", "")))
                .region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry()).build())
                .build();
    }

    public static Ec2Client client(URL base) {
        return client(base, "AKIAANYTHING", "any-secret");
    }

    /** The SDK's waiters, patient enough for a guest booting under TCG (the SDK's defaults are EC2's). */
    public static Ec2Waiter bootWaiter(Ec2Client ec2) {
        return Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .waitTimeout(Instances.BOOT.plusSeconds(60)).maxAttempts(200).build()).build();
    }
}
