package dev.ec2service.ec2api.api;

import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.keypair.domain.KeyPairErrors;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.platform.api.WebErrors;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.tag.domain.TagErrors;
import dev.ec2service.terminal.domain.TerminalErrors;
import io.quarkus.logging.Log;
import java.util.Map;

/**
 * The one place where the service's refusals become EC2 error codes and statuses: the causes EC2 has a code for
 * by name, the rest by their kind. Nothing leaves the EC2 endpoint as a 500: unexpected failures are logged and
 * answered as 503.
 */
public final class Ec2Errors {

    /** A code, status and message ready for the error document. */
    public record Ec2Error(String code, int status, String message) {
    }

    private static final String UNAVAILABLE = "Unavailable";
    /**
     * A body over the limit. Not EC2's RequestLimitExceeded: the aws CLI and the SDKs take that for throttling and
     * send the same oversized body again and again.
     */
    static final String BODY_TOO_LARGE = "RequestEntityTooLarge";

    private static final Map<ErrorCode, String> CODES = Map.ofEntries(
            Map.entry(InstanceErrors.NOT_FOUND, "InvalidInstanceID.NotFound"),
            Map.entry(InstanceErrors.INVALID_STATE, "IncorrectInstanceState"),
            Map.entry(InstanceErrors.BUSY, "IncorrectInstanceState"),
            Map.entry(TerminalErrors.NOT_RUNNING, "IncorrectInstanceState"),
            Map.entry(TerminalErrors.NO_ADDRESS, "IncorrectInstanceState"),
            Map.entry(ImageErrors.NOT_FOUND, "InvalidAMIID.NotFound"),
            Map.entry(ImageErrors.UNKNOWN_IMAGE, "InvalidAMIID.NotFound"),
            Map.entry(ImageErrors.IMAGE_MISSING, "InvalidAMIID.Unavailable"),
            Map.entry(ImageErrors.UNREADABLE_FILE, "InvalidAMIID.Unavailable"),
            Map.entry(ImageErrors.IN_USE, "OperationNotPermitted"),
            Map.entry(ImageErrors.CATALOG_IMAGE, "OperationNotPermitted"),
            Map.entry(KeyPairErrors.NOT_FOUND, "InvalidKeyPair.NotFound"),
            Map.entry(KeyPairErrors.UNKNOWN_KEY_PAIR, "InvalidKeyPair.NotFound"),
            Map.entry(KeyPairErrors.NAME_TAKEN, "InvalidKeyPair.Duplicate"),
            Map.entry(KeyPairErrors.DUPLICATE_MATERIAL, "InvalidKeyPair.Duplicate"),
            Map.entry(KeyPairErrors.MALFORMED_PUBLIC_KEY, "InvalidKey.Format"),
            Map.entry(KeyPairErrors.UNSUPPORTED_TYPE, "InvalidKey.Format"),
            Map.entry(KeyPairErrors.TYPE_MISMATCH, "InvalidKey.Format"),
            Map.entry(KeyPairErrors.INVALID_MATERIAL, "InvalidKey.Format"),
            Map.entry(KeyPairErrors.RSA_TOO_SMALL, "InvalidKey.Format"),
            Map.entry(KeyPairErrors.PRIVATE_KEY, "InvalidKey.Format"),
            Map.entry(NetworkErrors.ADDRESSES_EXHAUSTED, "InsufficientFreeAddressesInSubnet"),
            Map.entry(TagErrors.LIMIT_EXCEEDED, "TagLimitExceeded"),
            Map.entry(WebErrors.MALFORMED_REQUEST, "MalformedQueryString"));

    private Ec2Errors() {
    }

    public static Ec2Error of(Throwable failure) {
        if (failure instanceof Ec2Exception e) {
            return new Ec2Error(e.code(), e.status(), e.getMessage());
        }
        if (failure instanceof DomainException e) {
            return of(e);
        }
        Log.error("unexpected failure while answering an EC2 API request", failure);
        return new Ec2Error("InternalError", 503, "An internal error has occurred; see logs/app.log in the data home.");
    }

    private static Ec2Error of(DomainException e) {
        if (e.code() == WebErrors.BODY_TOO_LARGE) {
            // as the endpoint answers its own body limit (Ec2Endpoint.MAX_BODY)
            return new Ec2Error(BODY_TOO_LARGE, 413, e.getMessage());
        }
        String code = CODES.get(e.code());
        if (code != null) {
            return new Ec2Error(code, 400, e.getMessage());
        }
        return switch (e.kind()) {
            case CAPACITY, NO_SPACE -> new Ec2Error("InsufficientInstanceCapacity", 400, e.getMessage());
            case UNAVAILABLE -> new Ec2Error(UNAVAILABLE, 503, e.code().title() + ": " + e.getMessage());
            case UPSTREAM_FAILED, FAILED -> {
                Log.warnf("EC2 API request failed: %s: %s", e.code().title(), e.getMessage());
                yield new Ec2Error(UNAVAILABLE, 503, e.code().title() + ": " + e.getMessage());
            }
            case TOO_MANY -> new Ec2Error("RequestLimitExceeded", 503, e.getMessage());
            case FORBIDDEN -> new Ec2Error("UnauthorizedOperation", 403, e.getMessage());
            case MALFORMED, NOT_FOUND, CONFLICT, INVALID, TOO_LARGE ->
                new Ec2Error("InvalidParameterValue", 400, e.getMessage());
        };
    }
}
