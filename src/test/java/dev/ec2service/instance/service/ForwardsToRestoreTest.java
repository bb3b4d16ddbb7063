package dev.ec2service.instance.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.instance.service.ForwardsToRestore.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The retry rule alone; scripts/user-mode.sh restarts the service beside a running guest for the real path. */
class ForwardsToRestoreTest {

    @Test
    @DisplayName("an instance held by someone else when its forwards were due stays pending until a try gets it")
    void heldStaysPending() {
        ForwardsToRestore forwards = new ForwardsToRestore();
        forwards.add(List.of("i-00000001", "i-00000002"));
        List<String> made = new ArrayList<>();
        Set<String> held = Set.of("i-00000002");

        forwards.tryEach(id -> held.contains(id) ? Outcome.HELD : made(made, id));
        assertThat(made).containsExactly("i-00000001");
        assertThat(forwards.isEmpty()).isFalse();

        forwards.tryEach(id -> made(made, id));
        assertThat(made).containsExactly("i-00000001", "i-00000002");
        assertThat(forwards.isEmpty()).isTrue();

        forwards.tryEach(id -> made(made, id));
        assertThat(made).hasSize(2);
    }

    @Test
    @DisplayName("a try that fails is repeated, and given up on (said once) only after ten failures in a row")
    void failuresAreRetriedThenGivenUp() {
        ForwardsToRestore forwards = new ForwardsToRestore();
        forwards.add(List.of("i-00000003"));
        for (int i = 1; i < ForwardsToRestore.MAX_FAILURES; i++) {
            assertThat(forwards.tryEach(id -> Outcome.FAILED)).isEmpty();
            assertThat(forwards.isEmpty()).isFalse();
        }
        assertThat(forwards.tryEach(id -> Outcome.FAILED)).containsExactly("i-00000003");
        assertThat(forwards.isEmpty()).isTrue();

        // a new connection starts the count again
        forwards.add(List.of("i-00000003"));
        forwards.tryEach(id -> Outcome.FAILED);
        List<String> made = new ArrayList<>();
        forwards.tryEach(id -> made(made, id));
        assertThat(made).containsExactly("i-00000003");
        assertThat(forwards.isEmpty()).isTrue();
    }

    private static Outcome made(List<String> made, String id) {
        made.add(id);
        return Outcome.SETTLED;
    }
}
