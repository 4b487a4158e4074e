package dev.hostgap.platform.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The canonical form of a benchmark's parameters, {@code k=v} pairs sorted by key and joined by
 * commas: stored as {@code benchmark.params_key} and accepted back in the series query.
 */
public final class ParamsKey {

    private ParamsKey() {
    }

    /** Parses {@code args=4,n=4096} (as written in a query string) into parameters. */
    public static Map<String, String> parse(String key) {
        Map<String, String> params = new TreeMap<>();
        if (key == null || key.isBlank()) {
            return params;
        }
        for (String pair : key.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + pair + "' is not name=value");
            }
            params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return params;
    }

    public static String of(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return "";
        }
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
