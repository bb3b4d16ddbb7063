package dev.ec2service.host.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** macOS's memory accounting from vm_stat output as Apple Silicon and Intel Macs print it. */
class MacMemoryTest {

    private static final String APPLE_SILICON = """
            Mach Virtual Memory Statistics: (page size of 16384 bytes)
            Pages free:                                5043.
            Pages active:                            331203.
            Pages inactive:                          322170.
            Pages speculative:                         6301.
            Pages throttled:                              0.
            Pages wired down:                        140617.
            Pages purgeable:                           9823.
            "Translation faults":                1459013547.
            Pages copy-on-write:                   28340212.
            Pages zero filled:                    643232512.
            Pages reactivated:                     19340171.
            Pages purged:                           3023412.
            File-backed pages:                       237880.
            Anonymous pages:                         421794.
            Pages stored in compressor:              661023.
            Pages occupied by compressor:            203190.
            Decompressions:                        31201942.
            Compressions:                          45012311.
            Pageins:                               15238125.
            Pageouts:                                190241.
            Swapins:                                 501231.
            Swapouts:                                823413.
            """;

    @Test
    @DisplayName("available = (free + inactive + speculative) pages × the stated page size, not free pages alone")
    void appleSilicon() {
        assertThat(MacMemory.available(APPLE_SILICON)).isEqualTo((5043L + 322170 + 6301) * 16384);
        // what the JVM would report (free pages only) is a fraction of it
        assertThat(MacMemory.available(APPLE_SILICON)).isGreaterThan(60 * 5043L * 16384);
    }

    @Test
    @DisplayName("Intel Macs state 4 KiB pages")
    void intel() {
        String intel = """
                Mach Virtual Memory Statistics: (page size of 4096 bytes)
                Pages free:                              100000.
                Pages active:                            900000.
                Pages inactive:                          200000.
                Pages speculative:                        50000.
                Pages wired down:                        300000.
                """;
        assertThat(MacMemory.available(intel)).isEqualTo(350000L * 4096);
    }

    @Test
    @DisplayName("output without the page size or a count is refused, so the caller falls back instead of guessing")
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> MacMemory.available("Pages free: 1.\nPages inactive: 2.\nPages speculative: 3.\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacMemory.available(
                "Mach Virtual Memory Statistics: (page size of 4096 bytes)\nPages free: 1.\nPages inactive: 2.\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
