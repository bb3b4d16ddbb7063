package io.quarkus.smallrye.openapi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.smallrye.openapi.OpenApiFilter.RunStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rule that keeps the eager build; the lazy build itself is checked on the packaged service (OpenApiDocumentIT). */
class LazyOpenApiDocumentServiceTest {

    @Test
    @DisplayName("a filter that must run at startup keeps the document built at startup; build-time and per-request "
            + "filters do not")
    void startupFiltersKeepTheEagerBuild() {
        assertThat(LazyOpenApiDocumentService.hasStartupFilters(null)).isFalse();
        assertThat(LazyOpenApiDocumentService.hasStartupFilters(Map.of())).isFalse();
        assertThat(LazyOpenApiDocumentService.hasStartupFilters(Map.of(RunStage.BUILD, List.of("a.B"),
                RunStage.RUNTIME_PER_REQUEST, List.of("c.D"), RunStage.RUNTIME_STARTUP, List.of()))).isFalse();
        assertThat(LazyOpenApiDocumentService.hasStartupFilters(Map.of(RunStage.RUNTIME_STARTUP, List.of("a.B"))))
                .isTrue();
        // RUN is deprecated but still recorded; without always-run-filter Quarkus runs it at startup
        assertThat(LazyOpenApiDocumentService.hasStartupFilters(Map.of(RunStage.valueOf("RUN"), List.of("a.B"))))
                .isTrue();
    }
}
