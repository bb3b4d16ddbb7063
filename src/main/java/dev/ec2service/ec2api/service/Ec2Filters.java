package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.model.Ec2Model;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * EC2's filter semantics, generically: every filter must match (AND), a filter matches when any of its values
 * matches any value of the attribute (OR), values may use the wildcards {@code *} and {@code ?}. {@code tag:<k>},
 * {@code tag-key} and {@code tag-value} work on every resource with tags. Also EC2's MaxResults/NextToken paging.
 */
public final class Ec2Filters {

    private Ec2Filters() {
    }

    /** EC2 allows 200 values a filter; each value is a short name, id or pattern. */
    static final int MAX_VALUES = 200;
    static final int MAX_VALUE_LENGTH = 1024;

    /** Refuses filters outside {@code supported} (tag filters aside) before anything is listed. */
    public static void requireKnown(Map<String, List<String>> filters, Set<String> supported, boolean tags) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            if (filter.getValue().size() > MAX_VALUES) {
                throw new Ec2Exception("FilterLimitExceeded", "The filter '" + filter.getKey() + "' has "
                        + filter.getValue().size() + " values; at most " + MAX_VALUES + " are allowed.");
            }
            if (filter.getValue().stream().anyMatch(v -> v != null && v.length() > MAX_VALUE_LENGTH)) {
                throw new Ec2Exception("InvalidParameterValue", "A value of the filter '" + filter.getKey()
                        + "' is longer than " + MAX_VALUE_LENGTH + " characters.");
            }
        }
        for (String name : filters.keySet()) {
            boolean tagFilter = tags && (name.startsWith("tag:") || name.equals("tag-key") || name.equals("tag-value"));
            if (!tagFilter && !supported.contains(name)) {
                throw new Ec2Exception("InvalidParameterValue", "The filter '" + name + "' is invalid; supported "
                        + "filters are " + String.join(", ", supported.stream().sorted().toList())
                        + (tags ? ", tag:<key>, tag-key, tag-value" : ""));
            }
        }
    }

    /** Whether an item passes; {@code attribute} answers the values of a filter name for it. */
    public static <T> boolean matches(Map<String, List<String>> filters, T item,
            BiFunction<T, String, List<String>> attribute, Map<String, String> tags) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            String name = filter.getKey();
            List<String> actual;
            if (name.startsWith("tag:")) {
                String value = tags.get(name.substring(4));
                actual = value == null ? List.of() : List.of(value);
            } else if (name.equals("tag-key")) {
                actual = List.copyOf(tags.keySet());
            } else if (name.equals("tag-value")) {
                actual = List.copyOf(tags.values());
            } else {
                actual = attribute.apply(item, name);
            }
            if (filter.getValue().stream().noneMatch(wanted -> actual.stream().anyMatch(a -> a != null
                    && glob(wanted, a)))) {
                return false;
            }
        }
        return true;
    }

    public static List<Ec2Model.Tag> tagList(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Ec2Model.Tag(e.getKey(), e.getValue())).toList();
    }

    public static Map<String, String> tagsOf(List<Ec2Model.Tag> tags) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /**
     * EC2's wildcards, {@code *} any run and {@code ?} one character, {@code \\} escaping either. Matched by two
     * pointers that go back only to the last star, so the work is at most value × pattern length: a regex of
     * {@code .*} runs backtracks exponentially on a value like {@code *a*a*a*…b}.
     */
    static boolean glob(String pattern, String text) {
        // pattern as (character, literal?) pairs once the escapes are read
        int[] chars = new int[pattern.length()];
        boolean[] literal = new boolean[pattern.length()];
        int n = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                chars[n] = pattern.charAt(++i);
                literal[n++] = true;
            } else {
                chars[n] = c;
                literal[n++] = false;
            }
        }
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < n && !literal[p] && chars[p] == '*') {
                star = p++;
                starText = t;
            } else if (p < n && (chars[p] == text.charAt(t) || !literal[p] && chars[p] == '?')) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < n && !literal[p] && chars[p] == '*') {
            p++;
        }
        return p == n;
    }

    /** One page of a list and the token of the next, if any. */
    public record Page<T>(List<T> items, String nextToken) {
    }

    public static <T> Page<T> page(List<T> all, Optional<Integer> maxResults, Optional<String> token, int min, int max) {
        int offset = token.filter(t -> !t.isEmpty()).map(Ec2Filters::offset).orElse(0);
        if (maxResults.isEmpty()) {
            List<T> rest = offset >= all.size() ? List.of() : all.subList(offset, all.size());
            return new Page<>(rest, null);
        }
        int size = maxResults.get();
        if (size < min || size > max) {
            throw new Ec2Exception("InvalidParameterValue", "Value ( " + size + " ) for parameter maxResults is "
                    + "invalid. Expecting a value between " + min + " and " + max + ".");
        }
        int end = Math.min(all.size(), offset + size);
        List<T> items = offset >= all.size() ? List.of() : all.subList(offset, end);
        String next = end < all.size() ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(items, next);
    }

    private static int offset(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring(7));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new Ec2Exception("InvalidNextToken", "The token '" + token + "' is invalid.");
    }
}
