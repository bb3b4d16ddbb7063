package dev.ec2service.ec2api.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.app.ErrorCatalogue;
import dev.ec2service.ec2api.api.Ec2Errors.Ec2Error;
import dev.ec2service.hypervisor.HypervisorErrors;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.keypair.domain.KeyPairErrors;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.platform.api.WebErrors;
import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;
import dev.ec2service.tag.domain.TagErrors;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Ec2ErrorsTest {

    @Test
    @DisplayName("every cause the service knows becomes an EC2 error: a client fault is a 4xx, a failure of ours a 503")
    void everyCauseIsMapped() {
        for (ErrorCode code : ErrorCatalogue.all()) {
            Ec2Error error = Ec2Errors.of(code.exception("detail"));
            assertThat(error.code()).as(code.slug()).isNotBlank().doesNotContain(" ");
            boolean ours = Set.of(Kind.FAILED, Kind.UPSTREAM_FAILED, Kind.UNAVAILABLE, Kind.TOO_MANY)
                    .contains(code.kind());
            assertThat(error.status()).as(code.slug()).isEqualTo(ours ? 503
                    : code.kind() == Kind.FORBIDDEN ? 403 : code == WebErrors.BODY_TOO_LARGE ? 413 : 400);
            assertThat(error.message()).as(code.slug()).contains("detail");
        }
    }

    @Test
    @DisplayName("the causes EC2 has a code for get that code")
    void namedCodes() {
        assertThat(Ec2Errors.of(InstanceErrors.NOT_FOUND.exception("x")).code()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(Ec2Errors.of(InstanceErrors.INVALID_STATE.exception("x")).code()).isEqualTo("IncorrectInstanceState");
        assertThat(Ec2Errors.of(ImageErrors.UNKNOWN_IMAGE.exception("x")).code()).isEqualTo("InvalidAMIID.NotFound");
        assertThat(Ec2Errors.of(KeyPairErrors.NAME_TAKEN.exception("x")).code()).isEqualTo("InvalidKeyPair.Duplicate");
        assertThat(Ec2Errors.of(KeyPairErrors.MALFORMED_PUBLIC_KEY.exception("x")).code()).isEqualTo("InvalidKey.Format");
        assertThat(Ec2Errors.of(InstanceErrors.INSUFFICIENT_MEMORY.exception("x")).code())
                .isEqualTo("InsufficientInstanceCapacity");
        assertThat(Ec2Errors.of(NetworkErrors.ADDRESSES_EXHAUSTED.exception("x")).code())
                .isEqualTo("InsufficientFreeAddressesInSubnet");
        assertThat(Ec2Errors.of(TagErrors.LIMIT_EXCEEDED.exception("x")).code()).isEqualTo("TagLimitExceeded");
        assertThat(Ec2Errors.of(NetworkErrors.UNAVAILABLE.exception("x")).code()).isEqualTo("Unavailable");
        Ec2Error libvirt = Ec2Errors.of(new HypervisorUnavailableException("connection refused"));
        assertThat(libvirt.code()).isEqualTo("Unavailable");
        assertThat(Ec2Errors.of(WebErrors.CROSS_SITE.exception("x")).code()).isEqualTo("UnauthorizedOperation");
        assertThat(Ec2Errors.of(WebErrors.HOST_NOT_ALLOWED.exception("x")).code()).isEqualTo("UnauthorizedOperation");
        assertThat(Ec2Errors.of(WebErrors.MALFORMED_REQUEST.exception("x")).code()).isEqualTo("MalformedQueryString");
        assertThat(libvirt.message()).isEqualTo(HypervisorErrors.UNAVAILABLE.title() + ": connection refused");
    }
}
