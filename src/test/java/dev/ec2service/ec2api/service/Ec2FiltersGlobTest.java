package dev.ec2service.ec2api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.ec2api.api.Ec2Exception;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** EC2's filter wildcards, matched without a backtracking regex. */
class Ec2FiltersGlobTest {

    @Test
    @DisplayName("* and ? and escapes match as EC2 documents")
    void semantics() {
        assertThat(Ec2Filters.glob("sdk-*", "sdk-vm")).isTrue();
        assertThat(Ec2Filters.glob("sdk-*", "sd-vm")).isFalse();
        assertThat(Ec2Filters.glob("*", "")).isTrue();
        assertThat(Ec2Filters.glob("a?c", "abc")).isTrue();
        assertThat(Ec2Filters.glob("a?c", "ac")).isFalse();
        assertThat(Ec2Filters.glob("*b*d", "abcd")).isTrue();
        assertThat(Ec2Filters.glob("a\\*", "a*")).isTrue();
        assertThat(Ec2Filters.glob("a\\*", "ab")).isFalse();
        assertThat(Ec2Filters.glob("a\\?", "ab")).isFalse();
        assertThat(Ec2Filters.glob("exact", "exact")).isTrue();
        assertThat(Ec2Filters.glob("exact", "exactly")).isFalse();
    }

    @Test
    @DisplayName("25 stars against 44 characters that cannot match answers false (a .* regex would backtrack for ages)")
    void manyStars() {
        String pattern = "*a".repeat(25) + "b";
        assertThat(Ec2Filters.glob(pattern, "a".repeat(44))).isFalse();
        assertThat(Ec2Filters.glob(pattern, "a".repeat(44) + "b")).isTrue();
    }

    @Test
    @DisplayName("too many or too long filter values are refused before anything is listed")
    void caps() {
        Map<String, List<String>> many = Map.of("instance-id", Collections.nCopies(201, "i-1"));
        assertThatThrownBy(() -> Ec2Filters.requireKnown(many, Set.of("instance-id"), true))
                .isInstanceOf(Ec2Exception.class);
        Map<String, List<String>> longValue = Map.of("instance-id", List.of("*".repeat(1025)));
        assertThatThrownBy(() -> Ec2Filters.requireKnown(longValue, Set.of("instance-id"), true))
                .isInstanceOf(Ec2Exception.class);
    }
}
