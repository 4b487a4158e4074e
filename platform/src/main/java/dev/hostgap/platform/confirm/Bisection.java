package dev.hostgap.platform.confirm;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A bisection of a confirmed change whose range holds commits never measured: {@code goodSha} and
 * {@code badSha} close in, one probe per step, until {@code badSha} is {@code goodSha}'s first-parent
 * child ({@code pinned}, with {@code firstBadSha}). Commits that could not be measured are
 * {@code skipped}, like {@code git bisect skip}, and never read as a change.
 *
 * @param state bisecting, pinned, budget_spent (the change stays dated to the range reached), cancelled, failed
 */
record Bisection(long id, long projectId, String branch, String state, String goodSha, String badSha, String firstBadSha,
                 List<String> skipped, int maxJobs, int maxRunnerSeconds, String note, long confirmProbeId,
                 OffsetDateTime createdAt, OffsetDateTime endedAt) {
}
