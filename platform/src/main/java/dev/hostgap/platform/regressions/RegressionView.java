package dev.hostgap.platform.regressions;

import java.time.OffsetDateTime;
import java.util.Map;

/** A regression or improvement as the API shows it; the fields of DESIGN.md's contract come first. */
record RegressionView(long id, String benchmark, int version, Map<String, String> params, String metric,
                      String firstBadCommit, String lastGoodCommit, double changePercent, String status,
                      String kind, String unit, String direction, String environment, Double pValue,
                      double thresholdPercent, String note, String statusChangedBy, OffsetDateTime statusChangedAt,
                      OffsetDateTime createdAt) {
}
