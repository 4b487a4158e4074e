package dev.hostgap.runner;

import tools.jackson.databind.json.JsonMapper;

/** The runner's one JSON mapper. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
