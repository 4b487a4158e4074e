package dev.hostgap.platform.runs;

import java.util.Collection;
import java.util.List;

/**
 * What the upload answer shows: the new run's series judged against the nearest measured ancestor.
 * The compare feature implements it with the one judgement model; declared here so that runs, which
 * compare reads from, does not depend on compare in turn.
 */
public interface UploadVerdicts {

    /** One row per series, in the shape {@code GET /compare} answers with. */
    List<?> judge(long projectId, long baseCommitId, long headCommitId, Collection<Long> seriesIds);
}
