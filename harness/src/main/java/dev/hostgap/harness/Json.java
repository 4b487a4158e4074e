package dev.hostgap.harness;

import tools.jackson.databind.json.JsonMapper;

/** The harness's one JSON mapper: run files and GPU-times lines. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
