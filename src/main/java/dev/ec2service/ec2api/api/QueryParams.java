package dev.ec2service.ec2api.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The flat parameters of an EC2 Query request, read generically: {@code Name.N} lists ({@link #list}),
 * {@code Name.N.Member} structures ({@link #structs}), {@code Filter.N.Name/Value.M} ({@link #filters}) and
 * {@code Tag.N.Key/Value} ({@link #tags}). Indexes need not be contiguous; they are read in numeric order.
 */
public final class QueryParams {

    private final Map<String, String> values;

    public QueryParams(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Exception.missing(name);
        }
        return value;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean bool(String name) {
        String value = values.get(name);
        if (value == null) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw Ec2Exception.invalidValue(name, value, "It must be true or false.");
    }

    public Optional<Integer> integer(String name) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw Ec2Exception.invalidValue(name, value, "It must be an integer.");
        }
    }

    /** {@code prefix.1}, {@code prefix.2}, ... in index order. */
    public List<String> list(String prefix) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        String start = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(start)) {
                index(k.substring(start.length())).ifPresent(i -> byIndex.put(i, v));
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    /** {@code prefix.N.rest} grouped by N, each group keyed by {@code rest}. */
    public List<QueryParams> structs(String prefix) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String start = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(start)) {
                String rest = k.substring(start.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    index(rest.substring(0, dot)).ifPresent(i -> byIndex.computeIfAbsent(i, x -> new LinkedHashMap<>())
                            .put(rest.substring(dot + 1), v));
                }
            }
        });
        return byIndex.values().stream().map(QueryParams::new).toList();
    }

    /** Filter name to its values, in request order; a filter without a name is refused. */
    public Map<String, List<String>> filters() {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (QueryParams filter : structs("Filter")) {
            String name = filter.get("Name").orElseThrow(() -> Ec2Exception.missing("Filter.N.Name"));
            filters.computeIfAbsent(name, n -> new ArrayList<>()).addAll(filter.list("Value"));
        }
        return filters;
    }

    /** {@code prefix.N.Key/Value} as an ordered map; a missing value is the empty string, as EC2 stores it. */
    public Map<String, String> tags(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryParams tag : structs(prefix)) {
            tags.put(tag.required("Key"), tag.get("Value").orElse(""));
        }
        return tags;
    }

    /** Only plain indexes: {@code prefix.1} is a list entry, {@code prefix.1.Name} is not. */
    private static Optional<Integer> index(String text) {
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }
}
