package dev.hostgap.platform.regressions;

import java.util.UUID;

/**
 * Published after detection has judged a run and committed its judgements, or after judging it
 * failed (it is then tried again later, and its commit's answer is an error meanwhile): what shows a
 * commit's answer (a CI status, a PR comment) listens for this instead of polling.
 */
public record RunJudged(UUID runId) {
}
