package dev.hostgap.platform.runs;

import java.util.List;
import java.util.UUID;

/**
 * Answer to an upload. {@code verdicts} compare this commit with {@code baseline}, the nearest
 * first-parent ancestor that has results (null when there is none yet).
 */
record IngestResult(UUID runId, boolean duplicate, int results, String baseline, List<?> verdicts) {
}
