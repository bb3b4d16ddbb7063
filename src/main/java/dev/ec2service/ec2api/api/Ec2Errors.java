package dev.ec2service.ec2api.api;

import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import dev.ec2service.platform.api.ProblemException;
import io.quarkus.logging.Log;

/**
 * The one place where the service's refusals become EC2 error codes and statuses. The services still throw
 * {@link ProblemException} with a slug; when they throw domain exceptions instead, only this class changes.
 * Nothing leaves the EC2 endpoint as a 500: unexpected failures are logged and answered as 503.
 */
public final class Ec2Errors {

    /** A code, status and message ready for the error document. */
    public record Ec2Error(String code, int status, String message) {
    }

    private Ec2Errors() {
    }

    public static Ec2Error of(Throwable failure) {
        if (failure instanceof Ec2Exception e) {
            return new Ec2Error(e.code(), e.status(), e.getMessage());
        }
        if (failure instanceof ProblemException p) {
            return fromProblem(p);
        }
        if (failure instanceof HypervisorUnavailableException e) {
            return new Ec2Error("Unavailable", 503, "libvirt is unavailable: " + e.getMessage());
        }
        if (failure instanceof HypervisorException e) {
            Log.warnf("libvirt refused an EC2 API operation: %s", e.getMessage());
            return new Ec2Error("Unavailable", 503, "libvirt refused the operation: " + e.getMessage());
        }
        Log.error("unexpected failure while answering an EC2 API request", failure);
        return new Ec2Error("InternalError", 503, "An internal error has occurred; see logs/app.log in the data home.");
    }

    private static Ec2Error fromProblem(ProblemException p) {
        String slug = p.toProblem().type().substring(p.toProblem().type().lastIndexOf(':') + 1);
        String message = p.getMessage();
        String code = switch (slug) {
            case "not-found" -> notFound(p.toProblem().title());
            case "invalid-state", "instance-busy", "instance-not-running", "instance-without-address" ->
                "IncorrectInstanceState";
            case "unknown-image" -> "InvalidAMIID.NotFound";
            case "image-missing", "unreadable-image-file" -> "InvalidAMIID.Unavailable";
            case "unknown-key-pair" -> "InvalidKeyPair.NotFound";
            case "key-pair-exists", "duplicate-key-material" -> "InvalidKeyPair.Duplicate";
            case "malformed-public-key", "unsupported-key-type", "key-type-mismatch", "invalid-key-material",
                    "rsa-key-too-small", "private-key-rejected" -> "InvalidKey.Format";
            case "insufficient-memory", "insufficient-disk", "insufficient-storage" -> "InsufficientInstanceCapacity";
            case "address-pool-exhausted" -> "InsufficientFreeAddressesInSubnet";
            case "tag-limit-exceeded" -> "TagLimitExceeded";
            case "image-in-use", "catalog-image" -> "OperationNotPermitted";
            case "libvirt-unavailable", "key-generation-unavailable" -> "Unavailable";
            default -> p.status() >= 500 ? "Unavailable" : "InvalidParameterValue";
        };
        int status = code.equals("Unavailable") || p.status() >= 500 ? 503 : 400;
        if (status == 503 && p.status() >= 500 && !code.equals("Unavailable")) {
            Log.warnf("EC2 API request failed: %s", message);
        }
        return new Ec2Error(code, status, message);
    }

    private static String notFound(String title) {
        String what = title == null ? "" : title.toLowerCase();
        if (what.startsWith("instance")) {
            return "InvalidInstanceID.NotFound";
        }
        if (what.startsWith("key pair")) {
            return "InvalidKeyPair.NotFound";
        }
        if (what.startsWith("image")) {
            return "InvalidAMIID.NotFound";
        }
        return "InvalidParameterValue";
    }
}
