package dev.hostgap.platform.jobs;

/**
 * Published when a job was queued (or queued again) or failed for good: its commit's answer is now
 * pending, or an error. Listeners that tell CI should act after the transaction that changed it.
 */
public record JobStateChanged(long jobId) {
}
