package dev.hostgap.platform.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt at a commit status or at the pull request comment. The comment is posted or edited
 * while its row is locked (one short transaction per attempt, never across the waits between
 * attempts), so concurrent jobs of one pull request keep one comment; a comment someone deleted is
 * posted again. Before a first post the pull request's comments are searched for the project's
 * marker: a comment an instance posted before it could store the id is edited, never doubled.
 */
@Component
class Sender {

    private final HttpClient http;
    private final NotifyProperties properties;
    private final TransactionTemplate transactions;
    private final PullRequestComments comments;
    private final JsonMapper json;

    Sender(NotifyProperties properties, TransactionTemplate transactions, PullRequestComments comments, JsonMapper json) {
        this.properties = properties;
        this.transactions = transactions;
        this.comments = comments;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Attempt status(ProviderApi api, CiJob job, CiMessage message) {
        return call(api.status(job, message, properties.requestTimeout())).attempt();
    }

    Attempt comment(ProviderApi api, CiJob job, CiMessage message) {
        try {
            return transactions.execute(tx -> lockedComment(api, job, message));
        } catch (PessimisticLockingFailureException busy) {
            // another worker holds the comment for longer than the lock timeout (a slow provider): try later
            return new Attempt.Retry(null, "another send holds this pull request's comment", null);
        }
    }

    /** The comment's send, holding its row (PullRequestComments.lock) until the transaction ends. */
    private Attempt lockedComment(ProviderApi api, CiJob job, CiMessage message) {
        PullRequestComments.Held held = comments.lock(job);
        if (held.jobId() != null && held.jobId() > job.id()) {
            return new Attempt.Delivered(null, "superseded: the comment shows newer job " + held.jobId());
        }
        if (held.commentId() != null) {
            Call call = edit(api, job, held.commentId(), message);
            if (call != null) {
                return call.attempt();
            }
            // deleted on the provider: post a new one
        }
        // Never posted, as far as this table knows; but an instance may have posted it and stopped
        // before it stored the id (killed, or its answer lost): the marker finds that comment
        Found found = findMarked(api, job, message.markdown().lines().findFirst().orElse(""));
        if (found.failure() != null) {
            return found.failure(); // posting blind could make a second comment
        }
        if (found.commentId() != null) {
            Call call = edit(api, job, found.commentId(), message);
            // gone, or not ours to edit (403: someone else's comment that starts like ours): post our own
            if (call != null && !Integer.valueOf(403).equals(call.status())) {
                return call.attempt();
            }
        }
        Call call = call(api.createComment(job, message.markdown(), properties.requestTimeout()));
        if (call.attempt() instanceof Attempt.Delivered) {
            long id = commentId(call.body());
            if (id <= 0) {
                return new Attempt.Failed(call.status(), "no comment id in the provider's answer");
            }
            comments.store(job, id);
        }
        return call.attempt();
    }

    /** Edits the comment; null when it no longer exists (404). A delivered edit is stored as the comment's. */
    private Call edit(ProviderApi api, CiJob job, long commentId, CiMessage message) {
        Call call = call(api.updateComment(job, commentId, message.markdown(), properties.requestTimeout()));
        if (Integer.valueOf(404).equals(call.status())) {
            return null;
        }
        if (call.attempt() instanceof Attempt.Delivered) {
            comments.store(job, commentId);
        }
        return call;
    }

    /** The oldest comment of the pull request that starts with the project's marker, or why it could not be looked for. */
    private record Found(Long commentId, Attempt failure) {
    }

    /**
     * Pages read at most: 3,000 comments, while the comment's row is locked. A pull request with more
     * gets a new comment past them.
     */
    private static final int MAX_COMMENT_PAGES = 30;

    private Found findMarked(ProviderApi api, CiJob job, String marker) {
        for (int page = 1; page <= MAX_COMMENT_PAGES; page++) {
            Call call = call(api.listComments(job, page, properties.requestTimeout()));
            if (!(call.attempt() instanceof Attempt.Delivered)) {
                return new Found(null, call.attempt());
            }
            JsonNode comments;
            try {
                comments = json.readTree(call.body());
            } catch (RuntimeException e) {
                comments = null;
            }
            if (comments == null || !comments.isArray()) {
                return new Found(null, new Attempt.Retry(call.status(), "listing the pull request's comments: the answer is not a JSON array", null));
            }
            for (JsonNode comment : comments) {
                if (!marker.isEmpty() && comment.path("body").asString("").startsWith(marker) && comment.path("id").isIntegralNumber()) {
                    return new Found(comment.path("id").longValue(), null);
                }
            }
            if (comments.size() < ProviderApi.COMMENTS_PER_PAGE) {
                break;
            }
        }
        return new Found(null, null);
    }

    private record Call(Attempt attempt, Integer status, String body) {
    }

    private Call call(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Call(Attempt.of(response, Instant.now()), response.statusCode(), response.body());
        } catch (IOException e) {
            return new Call(new Attempt.Retry(null, request.method() + " " + request.uri().getPath() + ": " + e, null), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(new Attempt.Retry(null, "interrupted (shutting down): whether the provider took it is unknown", null), null, null);
        }
    }

    private long commentId(String body) {
        try {
            JsonNode id = json.readTree(body).path("id");
            return id.isIntegralNumber() ? id.longValue() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
