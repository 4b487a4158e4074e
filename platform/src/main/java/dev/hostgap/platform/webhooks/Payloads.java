package dev.hostgap.platform.webhooks;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.CommitSha;
import tools.jackson.databind.JsonNode;

/**
 * Reads GitHub's and GitLab's webhook payloads as they are sent (the test fixtures are real ones)
 * into a {@link WebhookEvent}. Only the fields hostgap needs are read; anything else may change.
 */
final class Payloads {

    private static final String ZERO_SHA = "0".repeat(40);
    private static final Set<String> GITHUB_PR_ACTIONS = Set.of("opened", "synchronize", "reopened");
    private static final Set<String> GITLAB_MR_ACTIONS = Set.of("open", "reopen", "update");

    private Payloads() {
    }

    static WebhookEvent github(String event, JsonNode body) {
        List<String> urls = urls(body.path("repository"), "clone_url", "ssh_url", "html_url", "git_url");
        String repo = body.path("repository").path("full_name").asString(null);
        return switch (event) {
            case "ping" -> WebhookEvent.ignored("github", urls, "ping");
            case "push" -> push("github", body, urls, repo, "id", "timestamp", "message");
            case "pull_request" -> {
                String action = body.path("action").asString("");
                if (!GITHUB_PR_ACTIONS.contains(action)) {
                    yield WebhookEvent.ignored("github", urls, "pull request action '" + action + "'");
                }
                JsonNode pr = body.path("pull_request");
                yield new WebhookEvent("github", "pull_request", urls, repo, pr.path("base").path("ref").asString(null),
                        pr.path("head").path("ref").asString(null), sha(pr.path("head").path("sha"), "pull_request.head.sha"), List.of(),
                        body.path("number").asInt(pr.path("number").asInt()),
                        sha(pr.path("base").path("sha"), "pull_request.base.sha"), null);
            }
            default -> WebhookEvent.ignored("github", urls, "event '" + event + "'");
        };
    }

    static WebhookEvent gitlab(String event, JsonNode body) {
        JsonNode project = body.path("project");
        List<String> urls = urls(project, "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url");
        urls.addAll(urls(body.path("repository"), "git_http_url", "git_ssh_url", "homepage", "url"));
        String projectId = project.path("id").isNumber() ? project.path("id").asString() :
                body.path("project_id").isNumber() ? body.path("project_id").asString() : null;
        String kind = body.path("object_kind").asString("");
        if ("Push Hook".equals(event) || "push".equals(kind)) {
            return push("gitlab", body, urls, projectId, "id", "timestamp", "message");
        }
        if ("Merge Request Hook".equals(event) || "merge_request".equals(kind)) {
            JsonNode mr = body.path("object_attributes");
            String action = mr.path("action").asString("");
            if (!GITLAB_MR_ACTIONS.contains(action) || ("update".equals(action) && !mr.has("oldrev"))) {
                return WebhookEvent.ignored("gitlab", urls, "merge request action '" + action + "' without new commits");
            }
            String base = mr.path("diff_refs").path("base_sha").asString(null);
            return new WebhookEvent("gitlab", "pull_request", urls, projectId, mr.path("target_branch").asString(null),
                    mr.path("source_branch").asString(null), sha(mr.path("last_commit").path("id"), "object_attributes.last_commit.id"), List.of(),
                    mr.path("iid").asInt(), base == null ? null : sha(mr.path("diff_refs").path("base_sha"), "diff_refs.base_sha"),
                    null);
        }
        return WebhookEvent.ignored("gitlab", urls, "event '" + event + "'");
    }

    private static WebhookEvent push(String provider, JsonNode body, List<String> urls, String providerProject,
                                     String idField, String timeField, String messageField) {
        String ref = body.path("ref").asString("");
        String after = body.path("after").asString("");
        if (!ref.startsWith("refs/heads/")) {
            return WebhookEvent.ignored(provider, urls, "a push to " + (ref.isEmpty() ? "no ref" : ref) + ", not a branch");
        }
        if (ZERO_SHA.equals(after) || body.path("deleted").asBoolean(false)) {
            return WebhookEvent.ignored(provider, urls, "a branch deletion");
        }
        String before = body.path("before").asString("");
        String parent = CommitSha.isValid(before) && !ZERO_SHA.equals(before) ? before.toLowerCase(java.util.Locale.ROOT) : null;
        List<PushedCommit> commits = new ArrayList<>();
        for (JsonNode c : body.path("commits")) {
            String sha = sha(c.path(idField), "commits[].id");
            commits.add(new PushedCommit(sha, parent, time(c.path(timeField)), c.path(messageField).asString(null)));
            parent = sha;
        }
        String branch = ref.substring("refs/heads/".length());
        return new WebhookEvent(provider, "push", urls, providerProject, branch, branch, sha(body.path("after"), "after"), commits, null, null, null);
    }

    private static List<String> urls(JsonNode node, String... fields) {
        List<String> urls = new ArrayList<>();
        for (String field : fields) {
            String url = node.path(field).asString(null);
            if (url != null && !url.isBlank()) {
                urls.add(url);
            }
        }
        return urls;
    }

    private static String sha(JsonNode node, String field) {
        String sha = node.asString(null);
        if (sha == null || !CommitSha.isValid(sha)) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, field + " is not a 40-character commit sha.");
        }
        return sha.toLowerCase(java.util.Locale.ROOT);
    }

    private static OffsetDateTime time(JsonNode node) {
        try {
            return node.isString() ? OffsetDateTime.parse(node.asString()) : null;
        } catch (DateTimeParseException e) {
            return null; // a commit without a usable time is ordered by when hostgap first saw it
        }
    }
}
