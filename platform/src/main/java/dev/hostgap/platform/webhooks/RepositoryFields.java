package dev.hostgap.platform.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository URLs of a delivery, read before its signature is checked, without building a tree:
 * a streaming pass over the top-level object that keeps only the string fields of the repository
 * objects and skips everything else token by token. What an unauthenticated sender can make it cost
 * is one pass over a body of bounded size (and bounded depth and tokens, {@code JsonLimits}), with
 * nothing kept but a few short strings; the whole payload is parsed only once its signature holds.
 */
final class RepositoryFields {

    private static final int MAX_URL = 1000;
    /** Per provider: the top-level objects that describe the repository, and their URL fields (as Payloads reads them). */
    private static final Map<String, Map<String, Set<String>>> FIELDS = Map.of(
            "github", Map.of("repository", Set.of("clone_url", "ssh_url", "html_url", "git_url")),
            "gitlab", Map.of(
                    "project", Set.of("git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url"),
                    "repository", Set.of("git_http_url", "git_ssh_url", "homepage", "url")));

    private RepositoryFields() {
    }

    static List<String> read(String provider, byte[] body, JsonMapper json) {
        Map<String, Set<String>> wanted = FIELDS.get(provider);
        List<String> urls = new ArrayList<>();
        // each object and field is read once, as a tree would keep it: a body repeating them cannot
        // make the signature be checked against thousands of projects
        Set<String> seen = new java.util.HashSet<>();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiProblem(ProblemType.MALFORMED_JSON, "A webhook body is a JSON object.");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String object = parser.currentName();
                Set<String> fields = wanted.get(object);
                if (parser.nextToken() == JsonToken.START_OBJECT && fields != null && seen.add(object)) {
                    readUrls(parser, fields, urls, seen, object);
                } else {
                    parser.skipChildren();
                }
            }
            return urls;
        } catch (JacksonException e) {
            throw new ApiProblem(ProblemType.MALFORMED_JSON, "The webhook body is not JSON within the platform's bounds "
                    + "(nesting depth " + dev.hostgap.platform.support.JsonLimits.MAX_NESTING_DEPTH + ", "
                    + dev.hostgap.platform.support.JsonLimits.MAX_TOKENS + " tokens).");
        }
    }

    private static void readUrls(JsonParser parser, Set<String> fields, List<String> urls, Set<String> seen, String object) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && fields.contains(field) && seen.add(object + "." + field)) {
                String url = parser.getString();
                if (!url.isBlank() && url.length() <= MAX_URL) {
                    urls.add(url);
                }
            } else {
                parser.skipChildren();
            }
        }
    }
}
