package dev.ec2service.keypair.api;

import dev.ec2service.keypair.service.KeyGenerator;
import dev.ec2service.keypair.service.KeyPairService;
import dev.ec2service.keypair.service.KeyProblems;
import dev.ec2service.platform.api.Problem;
import dev.ec2service.platform.error.RequestErrors;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/ssh-key")
@Tag(name = "Key pairs", description = "SSH key pairs for logging in to instances: import, generate, list, delete")
@Produces(MediaType.APPLICATION_JSON)
public class KeyPairResource {

    private final KeyPairService keyPairs;

    KeyPairResource(KeyPairService keyPairs) {
        this.keyPairs = keyPairs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createKeyPair", summary = "Import or generate a key pair",
            description = "Import: {name, public_key} with an OpenSSH one-line public key of type ssh-rsa (at least "
                    + "2048 bits), ssh-ed25519 or ecdsa-sha2-nistp256/384/521. The key is fully parsed, not just "
                    + "pattern-matched; the MD5 and SHA256 fingerprints are computed as ssh-keygen does. "
                    + "Generate: {name, generate: true, key_type: ed25519|rsa}; the answer carries the OpenSSH "
                    + "private key in private_key, this once only. Names and key material must be unique.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the new pair",
            content = @Content(schema = @Schema(implementation = KeyPairResponse.class)))
    @APIResponse(responseCode = "400", description = "No body, or not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "key-pair-exists: the name is taken; duplicate-key-material: "
            + "the same public key is already imported under the name given in detail",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "invalid-key-name, invalid-key-request, malformed-public-key, "
            + "unsupported-key-type, key-type-mismatch, rsa-key-too-small, invalid-key-material, or "
            + "private-key-rejected (a private key was pasted; it is not echoed, stored or logged)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "key-generation-unavailable: ssh-keygen is missing or failed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(KeyPairRequest request) {
        if (request == null) {
            throw RequestErrors.missingBody();
        }
        KeyPairResponse body;
        if (Boolean.TRUE.equals(request.generate())) {
            if (request.publicKey() != null) {
                throw KeyProblems.invalidRequest("give either public_key (import) or generate: true, not both");
            }
            KeyPairService.Generated generated = keyPairs.generate(request.name(),
                    KeyGenerator.Kind.parse(request.keyType()));
            body = KeyPairResponse.withPrivateKey(generated.key(), generated.privateKey());
        } else {
            if (request.keyType() != null) {
                throw KeyProblems.invalidRequest("key_type applies only with generate: true; an imported key's "
                        + "type is read from the key");
            }
            if (request.publicKey() == null) {
                throw KeyProblems.invalidRequest("public_key is required, or set generate: true to create a pair");
            }
            body = KeyPairResponse.of(keyPairs.importKey(request.name(), request.publicKey()));
        }
        return Response.created(UriBuilder.fromPath("/api/ssh-key/{name}").build(body.name())).entity(body).build();
    }

    @GET
    @Operation(operationId = "listKeyPairs", summary = "List key pairs",
            description = "Every key pair, sorted by name; never a private key")
    @APIResponse(responseCode = "200", description = "The key pairs",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = KeyPairResponse.class)))
    public List<KeyPairResponse> list() {
        return keyPairs.list().stream().map(KeyPairResponse::of).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getKeyPair", summary = "Describe a key pair",
            description = "Public key, fingerprints, type and creation time")
    @APIResponse(responseCode = "200", description = "The key pair",
            content = @Content(schema = @Schema(implementation = KeyPairResponse.class)))
    @APIResponse(responseCode = "404", description = "No key pair has this name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public KeyPairResponse get(@PathParam("name") String name) {
        return KeyPairResponse.of(keyPairs.get(name));
    }

    @DELETE
    @Path("/{name}")
    // no body on success, so a generated client accepts only the problem of a refusal
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "deleteKeyPair", summary = "Delete a key pair",
            description = "Removes the pair and, for a generated one, its private key file. Instances launched "
                    + "with it keep working: they received a copy of the public key at launch.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No key pair has this name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(@PathParam("name") String name) {
        keyPairs.delete(name);
    }
}
