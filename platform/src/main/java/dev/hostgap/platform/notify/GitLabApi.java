package dev.hostgap.platform.notify;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * GitLab's REST API (v4): {@code POST /projects/{id}/statuses/{sha}} with the status in the query,
 * merge request notes ({@code POST /projects/{id}/merge_requests/{iid}/notes}, {@code PUT …/notes/{id}}).
 */
record GitLabApi(URI apiUrl, String token, JsonMapper json) implements ProviderApi {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GitLabApi[apiUrl=" + apiUrl + ", token=" + (token == null ? "unset" : "(set)") + "]";
    }


    private static final Pattern PROJECT_ID = Pattern.compile("[0-9]{1,20}|[A-Za-z0-9_.-]{1,100}(/[A-Za-z0-9_.-]{1,100}){1,5}");

    @Override
    public boolean configured() {
        return token != null && !token.isBlank();
    }

    @Override
    public HttpRequest status(CiJob job, CiMessage message, Duration timeout) {
        String query = "?state=" + message.state().gitlab() + "&name=" + ProviderApi.encode(message.context())
                + "&description=" + ProviderApi.encode(message.description())
                + "&target_url=" + ProviderApi.encode(message.targetUrl());
        return request(project(job) + "/statuses/" + job.sha() + query, timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    @Override
    public HttpRequest createComment(CiJob job, String markdown, Duration timeout) {
        return request(project(job) + "/merge_requests/" + job.pullRequest() + "/notes", timeout)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("body", markdown)))).build();
    }

    @Override
    public HttpRequest updateComment(CiJob job, long commentId, String markdown, Duration timeout) {
        return request(project(job) + "/merge_requests/" + job.pullRequest() + "/notes/" + commentId, timeout)
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("body", markdown)))).build();
    }

    @Override
    public HttpRequest listComments(CiJob job, int page, Duration timeout) {
        return request(project(job) + "/merge_requests/" + job.pullRequest() + "/notes?sort=asc&order_by=created_at&per_page="
                + COMMENTS_PER_PAGE + "&page=" + page, timeout).GET().build();
    }

    private String project(CiJob job) {
        if (!PROJECT_ID.matcher(job.providerProject()).matches()) {
            throw new IllegalArgumentException("GitLab project must be its numeric id or group/project path, not '"
                    + job.providerProject() + "'");
        }
        // GitLab takes a project's path in place of its id, with the slashes encoded
        return "/projects/" + job.providerProject().replace("/", "%2F");
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(ProviderApi.resolve(apiUrl, path)).timeout(timeout)
                .header("PRIVATE-TOKEN", token)
                .header("User-Agent", "hostgap")
                .header("Content-Type", "application/json");
    }
}
