package dev.hostgap.platform.regressions;

/**
 * A commit's summary verdict, what a CI status shows; field names are part of the v1 contract
 * ({@code GET /commits/{sha}/verdict}).
 */
public record CommitVerdict(String sha, String verdict, long regressions, long improvements, long unchanged,
                            long insufficientHistory, long insufficientData) {
}
