package dev.hostgap.platform.jobs;

/**
 * Published when a job was queued (or queued again), failed for good, or completed with a run stored
 * before (a trace): its commit's answer is now pending, an error, or what that run says. Listeners that tell CI should act after the transaction that changed it.
 */
public record JobStateChanged(long jobId) {
}
