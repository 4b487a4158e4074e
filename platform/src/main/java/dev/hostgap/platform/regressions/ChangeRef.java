package dev.hostgap.platform.regressions;

import java.util.Map;

import dev.hostgap.platform.stats.Verdict;

/**
 * One change on record as every surface names it: the series, the size, its status and the commits
 * it is dated to. Field names are part of the v1 contract (the commit verdict's {@code changes} and
 * {@code openChanges}).
 *
 * @param intended acknowledged as an intended change (its baseline was reset): it does not fail its commit
 */
public record ChangeRef(long id, Verdict kind, ChangeStatus status, String benchmark, int version, Map<String, String> params,
                        String metric, String unit, Double changePercent, Double thresholdPercent, String firstBadCommit,
                        String lastGoodCommit, boolean intended) {

    /** Whether it makes its first bad commit's answer a regression or an improvement. */
    @com.fasterxml.jackson.annotation.JsonProperty("counts")
    public boolean counts() {
        return status.introduced() && !intended;
    }
}
