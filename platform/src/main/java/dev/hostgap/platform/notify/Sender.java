package dev.hostgap.platform.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt at a commit status or at the pull request comment. The comment is posted or edited
 * while its row is locked (one short transaction per attempt, never across the waits between
 * attempts), so concurrent jobs of one pull request keep one comment; a comment someone deleted is
 * posted again.
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
        return transactions.execute(tx -> {
            PullRequestComments.Held held = comments.lock(job);
            if (held.jobId() != null && held.jobId() > job.id()) {
                return new Attempt.Delivered(null, "superseded: the comment shows newer job " + held.jobId());
            }
            Call call = null;
            if (held.commentId() != null) {
                call = call(api.updateComment(job, held.commentId(), message.markdown(), properties.requestTimeout()));
                if (Integer.valueOf(404).equals(call.status())) {
                    call = null; // deleted on the provider: post a new one
                } else if (call.attempt() instanceof Attempt.Delivered) {
                    comments.store(job, held.commentId());
                }
            }
            if (call == null) {
                call = call(api.createComment(job, message.markdown(), properties.requestTimeout()));
                if (call.attempt() instanceof Attempt.Delivered) {
                    long id = commentId(call.body());
                    if (id <= 0) {
                        return new Attempt.Failed(call.status(), "no comment id in the provider's answer");
                    }
                    comments.store(job, id);
                }
            }
            return call.attempt();
        });
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
            return new Call(new Attempt.Failed(null, "interrupted (shutting down)"), null, null);
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
