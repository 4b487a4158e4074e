package dev.hostgap.platform.regressions;

import java.time.OffsetDateTime;
import java.util.Map;

/** A regression or improvement as the API shows it; the fields of the v1 contract (docs/api.md) come first. */
record RegressionView(long id, String benchmark, int version, Map<String, String> params, String metric,
                      String firstBadCommit, String lastGoodCommit, Double changePercent, String status,
                      String kind, String unit, String direction, String environment, Double pValue,
                      Double thresholdPercent, String note, String statusChangedBy, OffsetDateTime statusChangedAt,
                      OffsetDateTime createdAt) {
}
