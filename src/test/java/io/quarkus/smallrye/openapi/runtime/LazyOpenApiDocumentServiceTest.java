package io.quarkus.smallrye.openapi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.smallrye.openapi.OpenApiFilter.RunStage;
import io.smallrye.openapi.runtime.io.Format;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rule that keeps the eager build, and a build that fails; the lazy build itself is checked on the packaged
 * service (OpenApiDocumentIT).
 */
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

    @Test
    @DisplayName("a document whose build fails is not built at start, and every request for it fails with the same "
            + "cause instead of an empty document")
    void failedBuildFailsEveryRequest() {
        // a stored document of that name is in the test resources; outside Quarkus nothing is injected, so Quarkus's
        // own build finds the document and then fails for want of its configuration
        LazyOpenApiDocumentService service = new LazyOpenApiDocumentService();
        service.prepareDocument(null, Map.of(RunStage.BUILD, List.of()), "lazy-test");

        Throwable first = catchThrowable(() -> service.getDocument("lazy-test", Format.JSON));
        Throwable second = catchThrowable(() -> service.getDocument("lazy-test", Format.YAML));

        assertThat(first).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the OpenAPI document cannot be built").hasCauseInstanceOf(RuntimeException.class);
        assertThat(second).isInstanceOf(IllegalStateException.class);
        assertThat(second.getCause()).as("built once, not again for the second request").isSameAs(first.getCause());
    }
}
