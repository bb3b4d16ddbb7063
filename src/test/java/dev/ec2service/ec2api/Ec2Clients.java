package dev.ec2service.ec2api;

import java.net.URI;
import java.net.URL;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;

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
}
