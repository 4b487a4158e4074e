package dev.hostgap.platform.regressions;

import java.util.UUID;

/**
 * Published after detection has judged a run and committed its judgements: what waits for a
 * verdict (a CI status, a PR comment) listens for this instead of polling.
 */
public record RunJudged(UUID runId) {
}
