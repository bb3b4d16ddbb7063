package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a listing asks for: filters (all must hold; several statuses are alternatives, several tags all must be
 * present), an optional page size and where the previous page ended. Names and tag values take EC2's wildcards:
 * {@code *} any run of characters, {@code ?} one character, a backslash makes either literal.
 */
public record InstanceListQuery(Set<InstanceStatus> statuses, Optional<String> name, Optional<String> imageId,
        List<TagFilter> tags, Optional<Integer> limit, Optional<Cursor> after) {

    public static final int MAX_LIMIT = 1000;
    public static final int MAX_TAG_FILTERS = 10;

    /** A tag the instance must carry, with a value matching the pattern when one is given. */
    public record TagFilter(String key, Optional<String> valuePattern) {
    }

    /** The last row of a page, in the listing's order (creation time, then id). */
    public record Cursor(String createdAt, String id) {

        private static final String VERSION = "c1";

        /** Opaque to clients: base64url of the position, so it can change shape without breaking an API. */
        public String token() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((VERSION + "|" + createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor of(String token) {
            String text;
            try {
                text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidToken();
            }
            String[] parts = text.split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(VERSION) || parts[1].isEmpty() || parts[2].isEmpty()) {
                throw invalidToken();
            }
            return new Cursor(parts[1], parts[2]);
        }

        private static RuntimeException invalidToken() {
            return InstanceErrors.INVALID_NEXT_TOKEN.exception(
                    "next_token is not one this service handed out; start again without it");
        }
    }

    /** Everything, in creation order: what a listing without parameters answers. */
    public static InstanceListQuery all() {
        return new InstanceListQuery(Set.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty());
    }

    /** Reads the REST parameters; refuses unknown statuses, malformed tags, limits and tokens. */
    public static InstanceListQuery of(List<String> statuses, String name, String imageId, List<String> tags,
            String limit, String nextToken) {
        Set<InstanceStatus> wanted = EnumSet.noneOf(InstanceStatus.class);
        for (String status : statuses == null ? List.<String>of() : statuses) {
            status(status).ifPresent(wanted::add);
        }
        List<TagFilter> tagFilters = new ArrayList<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            tagFilters.add(tag(tag));
        }
        if (tagFilters.size() > MAX_TAG_FILTERS) {
            throw InstanceErrors.INVALID_FILTER.exception("at most " + MAX_TAG_FILTERS + " tag filters");
        }
        return new InstanceListQuery(wanted, present(name), present(imageId), tagFilters, limit(limit),
                present(nextToken).map(Cursor::of));
    }

    /** A status by its wire name; blank means no filter. */
    public static Optional<InstanceStatus> status(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(InstanceStatus.values()).filter(v -> v.wire().equals(status)).findFirst()
                .orElseThrow(() -> InstanceErrors.UNKNOWN_STATUS.exception("status '" + status
                        + "' does not exist; use one of " + Arrays.stream(InstanceStatus.values())
                                .map(InstanceStatus::wire).collect(Collectors.joining(", ")))));
    }

    /** {@code key=value-pattern}, or {@code key} alone for "has this tag"; the key ends at the first '='. */
    private static TagFilter tag(String tag) {
        if (tag == null || tag.isEmpty() || tag.startsWith("=")) {
            throw InstanceErrors.INVALID_FILTER.exception(
                    "a tag filter is key=value or key alone, with a non-empty key; got '" + tag + "'");
        }
        int eq = tag.indexOf('=');
        return eq < 0 ? new TagFilter(tag, Optional.empty())
                : new TagFilter(tag.substring(0, eq), Optional.of(tag.substring(eq + 1)));
    }

    private static Optional<Integer> limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InstanceErrors.INVALID_LIMIT.exception("limit must be a whole number from 1 to " + MAX_LIMIT
                + "; got '" + limit + "'");
    }

    private static Optional<String> present(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The pattern as an SQLite GLOB: {@code *} and {@code ?} stay wildcards, everything else is literal. */
    static String glob(String pattern) {
        StringBuilder glob = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char next = pattern.charAt(++i);
                glob.append(next == '*' || next == '?' || next == '[' ? "[" + next + "]" : String.valueOf(next));
            } else if (c == '[') {
                glob.append("[[]");
            } else {
                glob.append(c);
            }
        }
        return glob.toString();
    }
}
