package dev.ec2service.instance.api;

import dev.ec2service.instance.domain.InstanceType;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Declares the instance type names as an enum schema in the API document, listed from {@link InstanceType} so the
 * document cannot drift from the types the service accepts; the properties naming a type refer to it, so generated
 * clients get an enum instead of a free string.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class InstanceTypesDocument implements OASFilter {

    static final String NAME_SCHEMA = "InstanceTypeName";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            return;
        }
        openAPI.getComponents().addSchema(NAME_SCHEMA, OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING)
                .description("The name of an instance type (REQ-INST-002); GET /api/instance-types lists their sizes")
                .enumeration(Arrays.stream(InstanceType.values()).<Object>map(InstanceType::apiName).toList()));
    }
}
