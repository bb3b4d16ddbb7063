package dev.ec2service.image.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.platform.api.WebErrors;
import dev.ec2service.platform.error.DomainException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The import request's rules: the same as the Bean Validation constraints they replace, message for message. */
class ImportRequestRulesTest {

    private static ImportImageRequest request(String name, String description, String os, String defaultUser,
            String path) {
        return new ImportImageRequest(null, name, description, os, null, defaultUser, path);
    }

    private static ImportImageRequest valid() {
        return request("Test image", "made in a test", "debian", "debian", "/tmp/disk.qcow2");
    }

    @Test
    @DisplayName("a complete request passes, the optional fields absent or at their limits")
    void acceptsAValidRequest() {
        assertThat(ImportRequestRules.violations(valid())).isEmpty();
        assertThat(ImportRequestRules.violations(request("n", null, "o", "u", "p"))).isEmpty();
        assertThat(ImportRequestRules.violations(request("x".repeat(128), "x".repeat(1024), "x".repeat(64),
                "_" + "a".repeat(31), "p"))).isEmpty();
        ImportRequestRules.check(valid());
    }

    @Test
    @DisplayName("a missing body is refused as the @NotNull parameter was")
    void refusesAMissingBody() {
        assertThat(ImportRequestRules.violations(null)).containsExactly("request: must not be null");
    }

    @Test
    @DisplayName("absent required fields are each named, sorted, by their JSON names")
    void namesEveryMissingField() {
        assertThat(ImportRequestRules.violations(request(null, null, null, null, null))).containsExactly(
                "default_user: must not be blank", "name: must not be blank", "os: must not be blank",
                "path: must not be blank");
    }

    @Test
    @DisplayName("every rule is checked on its own: a blank over-long os breaks two, an empty user two")
    void checksEveryRule() {
        assertThat(ImportRequestRules.violations(request(" ", "x".repeat(1025), " ".repeat(65), "", "\t")))
                .containsExactly(
                        "default_user: must be a Linux user name",
                        "default_user: must not be blank",
                        "description: size must be between 0 and 1024",
                        "name: must not be blank",
                        "os: must not be blank",
                        "os: size must be between 0 and 64",
                        "path: must not be blank");
        assertThat(ImportRequestRules.violations(request("x".repeat(129), null, "x".repeat(65), "debian", "p")))
                .containsExactly("name: size must be between 0 and 128", "os: size must be between 0 and 64");
    }

    @Test
    @DisplayName("blank means what String.isBlank says (Hibernate Validator's test): Unicode spaces too")
    void blankIsStringIsBlank() {
        assertThat(ImportRequestRules.violations(request("\u2003", null, "o", "u", "p")))
                .containsExactly("name: must not be blank");
        assertThat(ImportRequestRules.violations(request("\u0001", null, "o", "u", "p"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Debian", "1user", "-user", "de bian", "a.b", "user\n", "é"})
    @DisplayName("default_user must be a whole Linux user name")
    void refusesBadUserNames(String user) {
        assertThat(ImportRequestRules.violations(request("n", null, "o", user, "p")))
                .containsExactly("default_user: must be a Linux user name");
    }

    @Test
    @DisplayName("default_user is at most 32 characters")
    void refusesLongUserNames() {
        assertThat(ImportRequestRules.violations(request("n", null, "o", "a".repeat(33), "p")))
                .containsExactly("default_user: must be a Linux user name");
    }

    @Test
    @DisplayName("a refusal is validation-failed (422) with the violations joined by '; '")
    void refusesWithValidationFailed() {
        assertThatThrownBy(() -> ImportRequestRules.check(request("n", null, "x".repeat(65), "Bad", "p")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(WebErrors.VALIDATION_FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("default_user: must be a Linux user name; os: size must be between 0 and 64");
                });
    }
}
