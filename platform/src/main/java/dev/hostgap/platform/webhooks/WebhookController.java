package dev.hostgap.platform.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.support.Hashes;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub and GitLab deliveries. They carry no bearer token: the signature over the raw body (GitHub)
 * or the shared token (GitLab) proves which project they are for, and is checked before the body is
 * parsed (only the repository's URLs are picked out of it first, by a streaming pass). 202 with the
 * jobs created; 200 for a delivery already handled; 401 with nothing stored for a bad signature; 503
 * with Retry-After when too many deliveries are being worked on ({@link WebhookGate}).
 */
@RestController
class WebhookController {

    /** A body read within its bound, and the project its signature proved. */
    private record Checked(byte[] body, CiProject project) {
    }

    private final WebhookService webhooks;
    private final WebhookGate gate;
    private final CommentApprovals approvals;
    private final JsonMapper json;
    private final long maxBodySize;

    WebhookController(WebhookService webhooks, WebhookGate gate, CommentApprovals approvals, JsonMapper json,
                      WebhookProperties properties) {
        this.webhooks = webhooks;
        this.gate = gate;
        this.approvals = approvals;
        this.json = json;
        this.maxBodySize = properties.maxBodySize().toBytes();
    }

    @PostMapping("/api/v1/webhooks/github")
    ResponseEntity<Map<String, Object>> github(HttpServletRequest request,
                                               @RequestHeader(value = "X-GitHub-Event", required = false) String event,
                                               @RequestHeader(value = "X-GitHub-Delivery", required = false) String delivery,
                                               @RequestHeader(value = "X-Hub-Signature-256", required = false) String signature) {
        if (event == null || !event.matches("[A-Za-z_ ]{1,100}")) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "X-GitHub-Event header is missing or not an event name; "
                    + "this is not a GitHub delivery.");
        }
        // the signature first, over the raw bytes: nothing unauthenticated is parsed into a tree; bodies
        // read and checked at once are bounded apart from the deliveries being stored
        if (request.getContentLengthLong() > maxBodySize) {
            throw tooLarge(); // before taking a permit: a declared size is refused at once
        }
        Checked checked = gate.reading(() -> {
            byte[] body = read(request);
            return new Checked(body, webhooks.authenticate("github", RepositoryFields.read("github", body, json), body, signature,
                    null));
        });
        byte[] body = checked.body();
        return gate.delivering(() -> {
            WebhookEvent parsed = approvals.check(checked.project(), Payloads.github(event, parse(body)));
            return answer(webhooks.handle(checked.project(), parsed, event, deliveryId(delivery, body), Hashes.sha256Hex(body)));
        });
    }

    @PostMapping("/api/v1/webhooks/gitlab")
    ResponseEntity<Map<String, Object>> gitlab(HttpServletRequest request,
                                               @RequestHeader(value = "X-Gitlab-Event", required = false) String event,
                                               @RequestHeader(value = "X-Gitlab-Event-UUID", required = false) String delivery,
                                               @RequestHeader(value = "X-Gitlab-Token", required = false) String token) {
        if (event == null || !event.matches("[A-Za-z_ ]{1,100}")) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "X-Gitlab-Event header is missing or not an event name; "
                    + "this is not a GitLab delivery.");
        }
        if (request.getContentLengthLong() > maxBodySize) {
            throw tooLarge(); // before taking a permit: a declared size is refused at once
        }
        Checked checked = gate.reading(() -> {
            byte[] body = read(request);
            return new Checked(body, webhooks.authenticate("gitlab", RepositoryFields.read("gitlab", body, json), body, null, token));
        });
        byte[] body = checked.body();
        return gate.delivering(() -> answer(webhooks.handle(checked.project(), Payloads.gitlab(event, parse(body)), event,
                deliveryId(delivery, body), Hashes.sha256Hex(body))));
    }

    /**
     * The body, at most {@code hostgap.webhooks.max-body-size} (its declared length was checked before
     * the permit): a chunked body is refused as soon as it passes the limit. Webhook payloads are far
     * smaller than uploads, and anyone can send one.
     */
    private byte[] read(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
            if (body.length > maxBodySize) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "The webhook body could not be read: " + e.getMessage());
        }
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "A webhook body is at most " + maxBodySize
                + " bytes (hostgap.webhooks.max-body-size); GitHub and GitLab send far less.");
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiProblem(ProblemType.MALFORMED_JSON, "A webhook body is a JSON object.");
            }
            return node;
        } catch (tools.jackson.core.JacksonException e) {
            throw new ApiProblem(ProblemType.MALFORMED_JSON, "The webhook body is not JSON.");
        }
    }

    /** The provider's delivery id; without one, the body itself identifies a re-delivery. */
    private static String deliveryId(String header, byte[] body) {
        if (header != null && header.matches("[A-Za-z0-9._:-]{1,200}")) {
            return header;
        }
        return "sha256:" + Hashes.sha256Hex(body);
    }

    private static ResponseEntity<Map<String, Object>> answer(WebhookService.Outcome outcome) {
        return ResponseEntity.status(outcome.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(Map.of("project", outcome.project(), "duplicate", outcome.duplicate(), "jobs", List.copyOf(outcome.jobs()),
                        "note", outcome.note()));
    }
}
