package dev.hostgap.platform.jobs;

/**
 * Published when a job completed or failed for good. {@code group} is set for a probe's jobs (measured
 * in order by one runner); {@code trigger} says what queued it. Listeners act after the transaction
 * that ended it committed (its run is stored by then).
 */
public record JobEnded(long jobId, long projectId, Long group, String trigger, String state) {
}
