package dev.hostgap.platform.regressions.detection;

import java.util.List;

import dev.hostgap.platform.stats.RunValue;

/** One measured commit of one series: its sha and every run there, in upload order. */
public record MeasuredCommit(String sha, List<RunValue> runs) {
}
