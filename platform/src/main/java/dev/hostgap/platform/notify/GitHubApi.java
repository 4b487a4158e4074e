package dev.hostgap.platform.notify;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub's REST API: {@code POST /repos/{owner}/{repo}/statuses/{sha}}, pull request comments through
 * the issues comments API ({@code POST /repos/{o}/{r}/issues/{n}/comments},
 * {@code PATCH /repos/{o}/{r}/issues/comments/{id}}).
 */
record GitHubApi(URI apiUrl, String token, JsonMapper json) implements ProviderApi {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GitHubApi[apiUrl=" + apiUrl + ", token=" + (token == null ? "unset" : "(set)") + "]";
    }


    /** GitHub's owner and repository names: letters, digits, '-', '_' and '.'. */
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    @Override
    public boolean configured() {
        return token != null && !token.isBlank();
    }

    @Override
    public HttpRequest status(CiJob job, CiMessage message, Duration timeout) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("state", message.state().github());
        body.put("description", message.description());
        body.put("target_url", message.targetUrl());
        body.put("context", message.context());
        return request(repository(job) + "/statuses/" + job.sha(), timeout)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
    }

    @Override
    public HttpRequest createComment(CiJob job, String markdown, Duration timeout) {
        return request(repository(job) + "/issues/" + job.pullRequest() + "/comments", timeout)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("body", markdown)))).build();
    }

    @Override
    public HttpRequest updateComment(CiJob job, long commentId, String markdown, Duration timeout) {
        return request(repository(job) + "/issues/comments/" + commentId, timeout)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("body", markdown)))).build();
    }

    @Override
    public HttpRequest listComments(CiJob job, int page, Duration timeout) {
        return request(repository(job) + "/issues/" + job.pullRequest() + "/comments?per_page=" + COMMENTS_PER_PAGE + "&page=" + page,
                timeout).GET().build();
    }

    private String repository(CiJob job) {
        if (!REPOSITORY.matcher(job.providerProject()).matches()) {
            throw new IllegalArgumentException("GitHub repository must be owner/repo, not '" + job.providerProject() + "'");
        }
        return "/repos/" + job.providerProject();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(ProviderApi.resolve(apiUrl, path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "hostgap")
                .header("Content-Type", "application/json");
    }
}
