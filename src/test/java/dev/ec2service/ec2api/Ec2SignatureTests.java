package dev.ec2service.ec2api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** With ec2.api.access-key/secret-key set, SigV4 signatures made by the real SDK are recomputed and checked. */
@QuarkusTest
@TestProfile(Ec2SignatureTests.Keys.class)
class Ec2SignatureTests {

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.api.access-key", "AKIDLOCAL", "ec2.api.secret-key", "local-secret");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    @DisplayName("the right key signs through; a wrong secret is SignatureDoesNotMatch, a wrong key or no signature AuthFailure")
    void verified() {
        try (Ec2Client good = Ec2Clients.client(base, "AKIDLOCAL", "local-secret")) {
            assertThat(good.describeRegions().regions()).hasSize(1);
            // a POST with several parameters, so the body hash counts
            assertThat(good.describeInstanceTypes(r -> r.instanceTypesWithStrings("t2.micro", "t2.nano"))
                    .instanceTypes()).hasSize(2);
        }
        try (Ec2Client wrongSecret = Ec2Clients.client(base, "AKIDLOCAL", "other")) {
            assertThatThrownBy(wrongSecret::describeRegions).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.statusCode()).isEqualTo(403);
            });
        }
        try (Ec2Client wrongKey = Ec2Clients.client(base, "AKIDOTHER", "local-secret")) {
            // HttpURLConnection hides the body of a 401 to a streamed POST, so the SDK sees only the status here;
            // the code is checked on the raw answers below
            assertThatThrownBy(wrongKey::describeRegions).isInstanceOfSatisfying(Ec2Exception.class,
                    e -> assertThat(e.statusCode()).isEqualTo(401));
        }
        given().queryParam("Action", "DescribeRegions").get("/").then().statusCode(401)
                .body("Response.Errors.Error.Code", equalTo("AuthFailure"));
        // a signature from more than five minutes ago
        given().queryParam("Action", "DescribeRegions")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20200101/us-east-1/ec2/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=00")
                .header("X-Amz-Date", "20200101T000000Z").get("/").then().statusCode(401)
                .body("Response.Errors.Error.Code", equalTo("AuthFailure"));
    }
}
