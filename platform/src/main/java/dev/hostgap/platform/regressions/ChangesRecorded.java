package dev.hostgap.platform.regressions;

import java.util.Set;

/**
 * Published once a change on record moved: opened, suspected, confirmed, re-dated, dismissed, closed
 * or triaged. {@code commitIds} are the first bad commits it concerns (before and after a re-dating);
 * the answers of those commits, and of the commits built on them, are to be shown again.
 */
public record ChangesRecorded(Set<Long> commitIds) {
}
