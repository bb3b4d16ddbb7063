package dev.ec2service.app;

import dev.ec2service.platform.api.ProblemStatus;
import dev.ec2service.platform.error.ErrorCode;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Lists every problem type the REST API can answer in the API document, on the {@code Problem} schema: a table in
 * its description for people and an {@code x-problem-types} extension for tools, so a client can handle each cause
 * by its type without reading our code.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemTypesDocument implements OASFilter {

    static final String EXTENSION = "x-problem-types";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Schema problem = openAPI.getComponents().getSchemas().get("Problem");
        if (problem == null) {
            return;
        }
        List<ErrorCode> codes = ErrorCatalogue.all();
        List<Map<String, Object>> types = new ArrayList<>();
        for (ErrorCode code : codes) {
            Map<String, Object> type = new LinkedHashMap<>();
            type.put("type", "urn:ec2-as-service:problem:" + code.slug());
            type.put("title", code.title());
            type.put("status", ProblemStatus.of(code.kind()));
            types.add(type);
        }
        problem.addExtension(EXTENSION, types);
        problem.setDescription(problem.getDescription() + ". `type` is `urn:ec2-as-service:problem:<slug>`, one per "
                + "cause; the causes (also listed in `" + EXTENSION + "`):\n\n| slug | status | title |\n|---|---|---|\n"
                + codes.stream().map(c -> "| `" + c.slug() + "` | " + ProblemStatus.of(c.kind()) + " | " + c.title()
                        + " |").collect(Collectors.joining("\n"))
                + "\n\nA status the HTTP layer answers by itself (405, 406, 415, …) has the type "
                + "`urn:ec2-as-service:problem:http-<status>` and its reason phrase as title.");
    }
}
