package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code hostgap-result.json} in the checkout root: a run file object or a JMH JSON array, passed
 * on to the platform as it is (the platform validates it), or the one-line reason there is none.
 */
record ResultFile(JsonNode json, String problem) {

    static final String NAME = "hostgap-result.json";

    static ResultFile in(Path checkout) {
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readString(checkout.resolve(NAME)));
            return json != null && (json.isObject() || json.isArray()) ? new ResultFile(json, null)
                    : new ResultFile(null, NAME + " is neither a run file object nor a JMH JSON array");
        } catch (NoSuchFileException e) {
            return new ResultFile(null, "the command exited 0 but wrote no " + NAME + " in the repository root");
        } catch (IOException | JacksonException e) {
            return new ResultFile(null, NAME + " is not valid JSON: " + Agent.oneLine(e));
        }
    }

    boolean present() {
        return json != null;
    }
}
