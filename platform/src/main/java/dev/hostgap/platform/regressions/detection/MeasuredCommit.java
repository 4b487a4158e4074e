package dev.hostgap.platform.regressions.detection;

/** One measured commit of one series: its sha and the per-fork samples of every run there, pooled. */
public record MeasuredCommit(String sha, double[] samples) {
}
