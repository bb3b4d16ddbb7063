package dev.ec2service.instance.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

        forwards.tryEach(id -> held.contains(id) ? Optional.empty() : Optional.of(made.add(id)));
        assertThat(made).containsExactly("i-00000001");
        assertThat(forwards.isEmpty()).isFalse();

        forwards.tryEach(id -> Optional.of(made.add(id)));
        assertThat(made).containsExactly("i-00000001", "i-00000002");
        assertThat(forwards.isEmpty()).isTrue();

        forwards.tryEach(id -> Optional.of(made.add(id)));
        assertThat(made).hasSize(2);
    }
}
