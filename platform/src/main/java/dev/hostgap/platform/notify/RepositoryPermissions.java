package dev.hostgap.platform.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks GitHub whether a user may write to a repository ({@code GET /repos/{o}/{r}/collaborators/{login}/permission}),
 * with the token that posts statuses. A comment's {@code author_association} cannot say it: MEMBER is
 * any member of the owning organisation and COLLABORATOR includes read-only outside collaborators.
 */
@Component
public class RepositoryPermissions {

    /** What the answer to a permission question is. */
    public enum Answer { WRITE, NO_WRITE, CANNOT_ASK }

    private static final Logger log = LoggerFactory.getLogger(RepositoryPermissions.class);
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9-]{1,39}");
    private static final Set<String> WRITING = Set.of("admin", "maintain", "write");

    private final GitHubApi github;
    private final HttpClient http;
    private final Duration timeout;
    private final JsonMapper json;

    RepositoryPermissions(NotifyProperties properties, JsonMapper json) {
        this.github = new GitHubApi(properties.github().apiUrl(), properties.github().token(), json);
        this.timeout = properties.requestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.json = json;
    }

    public Answer githubCanWrite(String repository, String login) {
        if (!github.configured() || repository == null || !REPOSITORY.matcher(repository).matches()
                || login == null || !LOGIN.matcher(login).matches()) {
            return Answer.CANNOT_ASK;
        }
        HttpRequest request = HttpRequest.newBuilder(ProviderApi.resolve(github.apiUrl(),
                        "/repos/" + repository + "/collaborators/" + login + "/permission"))
                .timeout(timeout).header("Authorization", "Bearer " + github.token())
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "hostgap").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Answer.NO_WRITE; // not a collaborator at all
            }
            if (response.statusCode() != 200) {
                log.warn("GitHub answered {} when asked for {}'s permission on {}", response.statusCode(), login, repository);
                return Answer.CANNOT_ASK;
            }
            JsonNode body = json.readTree(response.body());
            boolean writes = WRITING.contains(body.path("permission").asString(""))
                    || WRITING.contains(body.path("role_name").asString(""));
            return writes ? Answer.WRITE : Answer.NO_WRITE;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not ask GitHub for {}'s permission on {}: {}", login, repository, e.toString());
            return Answer.CANNOT_ASK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.CANNOT_ASK;
        }
    }
}
