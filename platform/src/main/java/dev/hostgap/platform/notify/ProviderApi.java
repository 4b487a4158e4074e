package dev.hostgap.platform.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The calls hostgap makes to one code host: a commit status, and creating or editing a pull request comment. */
interface ProviderApi {

    /** Whether a token is configured: without one nothing is sent to this provider. */
    boolean configured();

    HttpRequest status(CiJob job, CiMessage message, Duration timeout);

    HttpRequest createComment(CiJob job, String markdown, Duration timeout);

    HttpRequest updateComment(CiJob job, long commentId, String markdown, Duration timeout);

    /** One page (from 1) of the pull request's comments, oldest first, {@link #COMMENTS_PER_PAGE} a page: a JSON array of {@code {id, body}}. */
    HttpRequest listComments(CiJob job, int page, Duration timeout);

    /** The most both GitHub and GitLab give in one page. */
    int COMMENTS_PER_PAGE = 100;

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code base} (which may have a path, like GitLab's {@code /api/v4}) followed by {@code path}. */
    static URI resolve(URI base, String path) {
        String url = base.toString();
        return URI.create((url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + path);
    }
}
