package dev.hostgap.platform.webhooks;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.support.CommitSha;
import tools.jackson.databind.JsonNode;

/**
 * Reads GitHub's and GitLab's webhook payloads as they are sent (the test fixtures are real ones)
 * into a {@link WebhookEvent}. Only the fields hostgap needs are read, each checked: a value of the
 * wrong type, out of range or with a NUL is a 422, never a 500. Where statuses go is not read from
 * the payload at all: it is the project's (a signed payload could name any repository).
 */
final class Payloads {

    private static final String ZERO_SHA = "0".repeat(40);
    private static final Set<String> GITHUB_PR_ACTIONS = Set.of("opened", "synchronize", "reopened");
    private static final Set<String> GITLAB_MR_ACTIONS = Set.of("open", "reopen", "update");
    /** The bounds of an upload (docs/api.md): what enters the commit graph from a webhook obeys them too. */
    private static final int MAX_NAME = 200;
    private static final int MAX_MESSAGE = 65_536;

    private Payloads() {
    }

    /** The repository URLs a delivery names: all that is read before its signature is checked. */
    static List<String> repositoryUrls(String provider, JsonNode body) {
        if ("github".equals(provider)) {
            return urls(body.path("repository"), "clone_url", "ssh_url", "html_url", "git_url");
        }
        List<String> urls = urls(body.path("project"), "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url");
        urls.addAll(urls(body.path("repository"), "git_http_url", "git_ssh_url", "homepage", "url"));
        return urls;
    }

    static WebhookEvent github(String event, JsonNode body) {
        List<String> urls = repositoryUrls("github", body);
        return switch (event) {
            case "ping" -> WebhookEvent.ignored("github", urls, "ping");
            case "issue_comment" -> githubComment(body, urls);
            case "push" -> push("github", body, urls);
            case "pull_request" -> {
                String action = name(body.path("action"), "action");
                if (!GITHUB_PR_ACTIONS.contains(action)) {
                    yield WebhookEvent.ignored("github", urls, "pull request action '" + action + "'");
                }
                JsonNode pr = body.path("pull_request");
                int number = number(body.has("number") ? body.path("number") : pr.path("number"), "number");
                yield new WebhookEvent("github", "pull_request", urls, name(pr.path("base").path("ref"), "pull_request.base.ref"),
                        "pull-request:" + number, sha(pr.path("head").path("sha"), "pull_request.head.sha"), List.of(), number,
                        sha(pr.path("base").path("sha"), "pull_request.base.sha"), updatedAt(pr.path("updated_at")),
                        githubFork(pr), null, null);
            }
            default -> WebhookEvent.ignored("github", urls, "event '" + name(event) + "'");
        };
    }

    static WebhookEvent gitlab(String event, JsonNode body) {
        List<String> urls = repositoryUrls("gitlab", body);
        String kind = name(body.path("object_kind"), "object_kind");
        if ("Push Hook".equals(event) || "push".equals(kind)) {
            return push("gitlab", body, urls);
        }
        if ("Merge Request Hook".equals(event) || "merge_request".equals(kind)) {
            JsonNode mr = body.path("object_attributes");
            String action = name(mr.path("action"), "object_attributes.action");
            if (!GITLAB_MR_ACTIONS.contains(action) || ("update".equals(action) && !mr.has("oldrev"))) {
                return WebhookEvent.ignored("gitlab", urls, "merge request action '" + action + "' without new commits");
            }
            int iid = number(mr.path("iid"), "object_attributes.iid");
            JsonNode base = mr.path("diff_refs").path("base_sha");
            return new WebhookEvent("gitlab", "pull_request", urls, name(mr.path("target_branch"), "object_attributes.target_branch"),
                    "merge-request:" + iid, sha(mr.path("last_commit").path("id"), "object_attributes.last_commit.id"), List.of(),
                    iid, base.isMissingNode() || base.isNull() ? null : sha(base, "diff_refs.base_sha"),
                    updatedAt(mr.path("updated_at")), gitlabFork(mr), null, null);
        }
        return WebhookEvent.ignored("gitlab", urls, "event '" + name(event) + "'");
    }

    private static WebhookEvent push(String provider, JsonNode body, List<String> urls) {
        String ref = name(body.path("ref"), "ref");
        String after = name(body.path("after"), "after");
        if (!ref.startsWith("refs/heads/")) {
            return WebhookEvent.ignored(provider, urls, "a push to " + (ref.isEmpty() ? "no ref" : ref) + ", not a branch");
        }
        if (ZERO_SHA.equals(after) || body.path("deleted").asBoolean(false)) {
            return WebhookEvent.ignored(provider, urls, "a branch deletion");
        }
        String before = name(body.path("before"), "before");
        String parent = CommitSha.isValid(before) && !ZERO_SHA.equals(before) ? before.toLowerCase(Locale.ROOT) : null;
        List<PushedCommit> commits = new ArrayList<>();
        for (JsonNode c : body.path("commits")) {
            String sha = sha(c.path("id"), "commits[].id");
            commits.add(new PushedCommit(sha, parent, time(c.path("timestamp")), message(c.path("message"))));
            parent = sha;
        }
        String branch = ref.substring("refs/heads/".length());
        return new WebhookEvent(provider, "push", urls, branch, branch, sha(body.path("after"), "after"), commits, null, null,
                null, false, null, null);
    }

    /**
     * Whether the head is in another repository than the base. A head repository GitHub no longer
     * shows (the fork was deleted) counts as a fork: nothing says it is the project's own.
     */
    private static boolean githubFork(JsonNode pr) {
        JsonNode head = pr.path("head").path("repo").path("full_name");
        JsonNode base = pr.path("base").path("repo").path("full_name");
        return !head.isString() || !base.isString() || !head.asString().equalsIgnoreCase(base.asString());
    }

    private static boolean gitlabFork(JsonNode mr) {
        JsonNode source = mr.path("source_project_id");
        JsonNode target = mr.path("target_project_id");
        return !source.isIntegralNumber() || !target.isIntegralNumber() || source.asLong() != target.asLong();
    }

    /**
     * GitHub's associations that can have write access to the repository. Not proof of it (MEMBER is
     * any member of the organisation, COLLABORATOR includes read-only collaborators): the commenter's
     * permission is asked from GitHub before the approval counts. Others are ignored at once.
     */
    private static final Set<String> APPROVING_ROLES = Set.of("OWNER", "MEMBER", "COLLABORATOR");
    /** "/hostgap run" and the head approved: at least 7 hex characters of its sha, the one the maintainer reviewed. */
    private static final java.util.regex.Pattern RUN_COMMAND = java.util.regex.Pattern.compile("/hostgap run\\s+([0-9a-fA-F]{7,40})");

    /**
     * A new comment on a pull request whose first line is "/hostgap run SHA", by an owner, member or
     * collaborator, asks to approve that head; any other comment is ignored. The sha is required: a
     * bare "run" could approve a head pushed while the maintainer was reviewing another.
     */
    private static WebhookEvent githubComment(JsonNode body, List<String> urls) {
        JsonNode comment = body.path("comment");
        String text = comment.path("body").isString() ? comment.path("body").asString().strip() : "";
        String firstLine = text.lines().findFirst().orElse("").strip();
        if (!"created".equals(name(body.path("action"), "action")) || !body.path("issue").has("pull_request")
                || !firstLine.startsWith("/hostgap run")) {
            return WebhookEvent.ignored("github", urls, "a comment that is not \"/hostgap run\" on a pull request");
        }
        java.util.regex.Matcher command = RUN_COMMAND.matcher(firstLine);
        if (!command.matches()) {
            return WebhookEvent.ignored("github", urls, "\"/hostgap run\" needs the head to approve: \"/hostgap run <sha>\" "
                    + "with at least 7 characters of the commit you reviewed");
        }
        String role = name(comment.path("author_association"), "comment.author_association");
        String login = name(comment.path("user").path("login"), "comment.user.login");
        if (!APPROVING_ROLES.contains(role)) {
            return WebhookEvent.ignored("github", urls, "\"/hostgap run\" from " + login + " (" + role
                    + "): only someone with write access to the repository approves");
        }
        return WebhookEvent.approval("github", urls, number(body.path("issue").path("number"), "issue.number"), login,
                command.group(1).toLowerCase(Locale.ROOT));
    }

    private static List<String> urls(JsonNode node, String... fields) {
        List<String> urls = new ArrayList<>();
        for (String field : fields) {
            JsonNode url = node.path(field);
            if (url.isString() && !url.asString().isBlank() && url.asString().length() <= 1000) {
                urls.add(url.asString());
            }
        }
        return urls;
    }

    /** A short text field: empty when absent, 422 when not a string, too long or with a NUL. */
    private static String name(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isString()) {
            throw invalid(field + " must be a string.");
        }
        return name(node.asString(), field);
    }

    private static String name(String value) {
        return name(value, "X-GitHub-Event / X-Gitlab-Event");
    }

    private static String name(String value, String field) {
        if (value.length() > MAX_NAME || value.indexOf('\0') >= 0) {
            throw invalid(field + " must be at most " + MAX_NAME + " characters without NUL.");
        }
        return value;
    }

    /** Commit messages are kept (a NUL removed, cut at the upload bound): the commit matters more than its text. */
    private static String message(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        String message = node.asString().replace("\0", "");
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    }

    private static int number(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw invalid(field + " must be a positive whole number.");
        }
        return node.asInt();
    }

    private static String sha(JsonNode node, String field) {
        String sha = node.isString() ? node.asString() : null;
        if (sha == null || !CommitSha.isValid(sha)) {
            throw invalid(field + " is not a 40-character commit sha.");
        }
        return sha.toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime time(JsonNode node) {
        try {
            OffsetDateTime time = node.isString() ? OffsetDateTime.parse(node.asString()) : null;
            // the bounds of an upload's timestamp (docs/api.md); outside them the commit is dated by arrival
            return time == null || time.getYear() < 1970 || time.getYear() > 9999 ? null : time;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A pull request's updated_at: GitHub's ISO-8601 ("2019-05-15T15:20:33Z"), or GitLab's, which is
     * ISO-8601 in current versions and "2013-12-03 17:23:34 UTC" in older ones. Null when absent or
     * unreadable: the event is then processed without the staleness check.
     */
    private static OffsetDateTime updatedAt(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        String text = node.asString().trim();
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return java.time.LocalDateTime.parse(text.replace(" UTC", "").replace(' ', 'T')).atOffset(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(ProblemType.INVALID_FIELD, "The delivery is not valid: " + detail);
    }
}
