package io.quarkus.smallrye.openapi.runtime;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Builds the OpenAPI document the first time it is asked for instead of at every start.
 *
 * <p>Quarkus 3.31 to 3.34 build it while starting, on the main thread, before the port opens: the document stored at
 * build time is parsed again (with a YAML parser, though it is JSON) and written out as JSON and YAML. Here that step
 * took 0.26-0.30 s of a ~2.1 s start, for a document most starts never serve; without it starts were about 0.2 s
 * quicker (median of seven paired differences). Quarkus itself went back to building it on first
 * request when no filter must run at startup (quarkusio/quarkus#54826, fixed by #55538 after 3.34); this bean does
 * the same for the Quarkus version the project is fixed to, and can go when the project moves past the fix.
 *
 * <p>It sits in Quarkus's package because the method the startup recorder calls is package-private. That works in
 * the packaged service, where one class loader loads the application and Quarkus's jars, so both share the package.
 * Tests and dev mode load them with different class loaders, where the override would not be seen: the bean is for
 * the prod build only, and {@code OpenApiDocumentIT} checks it on the packaged service. The first {@code /openapi}
 * answer (and the first {@code /docs} load) pays the ~0.3 s instead, on a worker thread (the route is blocking),
 * and a document that cannot be built no longer stops the start (unless a filter must run at startup): every
 * request for it fails with the cause, which Quarkus logs.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@IfBuildProfile("prod")
@Unremovable // looked up by type only, from the recorder and the /openapi handler
public class LazyOpenApiDocumentService extends OpenApiDocumentService {

    private static final Logger LOG = Logger.getLogger(LazyOpenApiDocumentService.class);

    /** Documents not built yet, by name; guarded by {@code this}. */
    private final Map<String, Runnable> unbuilt = new HashMap<>();
    /** Why a document could not be built, by name; guarded by {@code this}. */
    private final Map<String, Throwable> failures = new HashMap<>();

    @Override
    void prepareDocument(AutoSecurityFilter autoSecurityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
        if (hasStartupFilters(filters)) {
            // a filter that must run at startup keeps Quarkus's behaviour
            super.prepareDocument(autoSecurityFilter, filters, documentName);
            return;
        }
        synchronized (this) {
            unbuilt.put(documentName, () -> super.prepareDocument(autoSecurityFilter, filters, documentName));
        }
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        // one lock for the build and every read: the superclass keeps its documents in a plain HashMap
        synchronized (this) {
            Runnable build = unbuilt.remove(documentName);
            if (build != null) {
                long started = System.nanoTime();
                try {
                    build.run();
                    LOG.infof("the OpenAPI document was built on its first request, in %d ms",
                            (System.nanoTime() - started) / 1_000_000);
                } catch (RuntimeException | Error e) {
                    // at startup this would have stopped the service; now every request for it fails with the cause
                    // (which Quarkus logs), instead of an empty document
                    failures.put(documentName, e);
                }
            }
            Throwable failure = failures.get(documentName);
            if (failure != null) {
                throw new IllegalStateException("the OpenAPI document cannot be built: " + failure, failure);
            }
            return super.getDocument(documentName, format);
        }
    }

    /** Filters of any stage but build and per-request run when the document is built at startup. */
    static boolean hasStartupFilters(Map<OpenApiFilter.RunStage, List<String>> filters) {
        return filters != null && filters.entrySet().stream()
                .anyMatch(e -> e.getKey() != OpenApiFilter.RunStage.BUILD
                        && e.getKey() != OpenApiFilter.RunStage.RUNTIME_PER_REQUEST
                        && e.getValue() != null && !e.getValue().isEmpty());
    }
}
