package dev.ec2service.image.api;

import dev.ec2service.platform.api.WebErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code POST /api/images} accepts, checked by hand: the one endpoint that used Bean Validation, whose
 * extension cost every start 100-170 ms of static initialisation. The messages are those Hibernate Validator gave;
 * fields are now named as in the JSON body ({@code default_user}, where it said {@code defaultUser}). The limits
 * are constants because {@link ImportImageRequest}'s {@code @Schema} documents the same ones.
 */
final class ImportRequestRules {

    static final int NAME_MAX = 128;
    static final int DESCRIPTION_MAX = 1024;
    static final int OS_MAX = 64;
    /**
     * The user names {@code useradd} accepts by default; cloud-init creates this user. Anchored: the API document
     * carries it, and a JSON Schema pattern matches anywhere in the value unless it says otherwise.
     */
    static final String LINUX_USER = "^[a-z_][a-z0-9_-]{0,31}$";
    /** What the API document says of a field that must not be blank: at least one character that is not a space. */
    static final String NOT_BLANK = "\\S";

    private static final Pattern LINUX_USER_PATTERN = Pattern.compile(LINUX_USER);

    private ImportRequestRules() {
    }

    /** Refuses the request (422 validation-failed) with every broken rule, or returns when it has none. */
    static void check(ImportImageRequest request) {
        List<String> violations = violations(request);
        if (!violations.isEmpty()) {
            throw WebErrors.VALIDATION_FAILED.exception(String.join("; ", violations));
        }
    }

    /**
     * Each broken rule as {@code field: message}, sorted. Every rule is checked on its own, as Bean Validation did:
     * an empty default_user breaks both "not blank" and the pattern, and a null value breaks only "not blank".
     */
    static List<String> violations(ImportImageRequest request) {
        if (request == null) {
            // an empty body or JSON null: the parameter was @NotNull
            return List.of("request: must not be null");
        }
        List<String> found = new ArrayList<>();
        notBlank(found, "name", request.name());
        atMost(found, "name", request.name(), NAME_MAX);
        atMost(found, "description", request.description(), DESCRIPTION_MAX);
        notBlank(found, "os", request.os());
        atMost(found, "os", request.os(), OS_MAX);
        notBlank(found, "default_user", request.defaultUser());
        if (request.defaultUser() != null && !LINUX_USER_PATTERN.matcher(request.defaultUser()).matches()) {
            found.add("default_user: must be a Linux user name");
        }
        notBlank(found, "path", request.path());
        found.sort(null);
        return found;
    }

    private static void notBlank(List<String> found, String field, String value) {
        if (value == null || value.isBlank()) {
            found.add(field + ": must not be blank");
        }
    }

    /** In UTF-16 units, as {@code @Size} counted. */
    private static void atMost(List<String> found, String field, String value, int max) {
        if (value != null && value.length() > max) {
            found.add(field + ": size must be between 0 and " + max);
        }
    }
}
