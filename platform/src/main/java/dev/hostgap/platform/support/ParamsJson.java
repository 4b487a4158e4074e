package dev.hostgap.platform.support;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A benchmark's parameters as stored ({@code benchmark.params}, a JSON object of strings), read back for an answer. */
public final class ParamsJson {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };

    private ParamsJson() {
    }

    public static Map<String, String> read(JsonMapper json, String stored) {
        return json.readValue(stored, PARAMS);
    }
}
