package dev.ec2service.testsupport;

import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests on real VMs need what make test provides (the test namespace and the guest images named in the
 * environment). Run by hand without it (an IDE, a bare {@code ./mvnw verify}) such a test is skipped with
 * a message saying how to run it; under {@code CI} (any value but {@code false} or {@code 0}) it fails
 * instead, so a build that lost its environment cannot go green by skipping every real test.
 */
public final class RealEnvironment {

    private RealEnvironment() {
    }

    /** The value of {@code variable}; skips the calling test without it, or fails it under CI. */
    public static String require(String variable, String howToProvide) {
        return require(System.getenv(), variable, howToProvide);
    }

    static String require(Map<String, String> env, String variable, String howToProvide) {
        String value = env.get(variable);
        if (value != null && !value.isBlank()) {
            return value;
        }
        String message = "needs " + variable + " (" + howToProvide + ")";
        if (ci(env)) {
            return Assertions.fail(message + "; CI is set, so a missing test environment fails instead of skipping");
        }
        Assumptions.abort(message);
        return null;
    }

    static boolean ci(Map<String, String> env) {
        String ci = env.get("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }
}
