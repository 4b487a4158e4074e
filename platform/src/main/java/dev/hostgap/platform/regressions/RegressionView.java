package dev.hostgap.platform.regressions;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A regression or improvement as the API shows it; the fields of the v1 contract (docs/api.md) come first,
 * then what an inbox row needs to decide on it without another request: the first bad commit's subject,
 * the levels before and after in the series' units, how far over its threshold it is, where its
 * confirmation stands, and (when asked for) the series' levels around it. The detail answer
 * ({@code GET /regressions/{id}}) always carries the levels and the last good commit's subject too.
 *
 * @param sizeOverThreshold |changePercent| / thresholdPercent: 1 is at the threshold
 * @param levels            the series' level at the measured commits around the first bad commit, oldest
 *                          first; null unless the list was asked for them ({@code levels=})
 */
record RegressionView(long id, String benchmark, int version, Map<String, String> params, String metric,
                      String firstBadCommit, String lastGoodCommit, Double changePercent, String status,
                      String kind, String unit, String direction, String environment, Double pValue,
                      Double thresholdPercent, String note, String statusChangedBy, OffsetDateTime statusChangedAt,
                      OffsetDateTime createdAt, String firstBadMessage, String lastGoodMessage, Double baseLevel, Double headLevel,
                      Double sizeOverThreshold, Confirmation confirmation, List<Level> levels) {

    /** The newest probe that measured the change again, and the bisection that followed it, if any. */
    record Confirmation(long probe, String state, String outcome, Long bisection, String bisectionState) {
    }

    /** The series' level (median of the commit's runs' medians) at one measured commit. */
    record Level(String sha, double median) {
    }

    RegressionView withLevels(List<Level> around) {
        return new RegressionView(id, benchmark, version, params, metric, firstBadCommit, lastGoodCommit, changePercent,
                status, kind, unit, direction, environment, pValue, thresholdPercent, note, statusChangedBy, statusChangedAt,
                createdAt, firstBadMessage, lastGoodMessage, baseLevel, headLevel, sizeOverThreshold, confirmation, around);
    }
}
