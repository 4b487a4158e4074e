package dev.hostgap.platform.confirm;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A paired measurement: rounds of base, (a bisection's middle,) head measured one after the other by
 * one runner, judged as pairs ({@link PairedTable}).
 *
 * @param kind confirm (a suspected change), bisect (one step of a bisection), try (asked for by a person)
 * @param state measuring, concluded, failed (a job of it failed for good), cancelled
 * @param outcome confirm: confirmed or unconfirmed; bisect: bad or good (the middle), or skipped (it could
 *                not be measured); try: judged
 */
record Probe(long id, long projectId, String kind, String state, String outcome, String branch, String baseSha,
             String middleSha, String headSha, Integer pullRequest, int rounds, long group, Long bisectionId,
             String requestedBy, String note, OffsetDateTime createdAt, OffsetDateTime endedAt) {

    /** Runs per round: base and head, and a bisection's middle between them. */
    int sides() {
        return middleSha == null ? 2 : 3;
    }

    /** The commits of one round, in the order they are measured. */
    List<String> roundOrder() {
        return middleSha == null ? List.of(baseSha, headSha) : List.of(baseSha, middleSha, headSha);
    }

    boolean measuring() {
        return state.equals("measuring");
    }
}
