package dev.hostgap.platform.compare;

import java.util.List;

import dev.hostgap.platform.regressions.ChangeRef;

/**
 * {@code GET /compare}: every series measured at base or head, in {@link CommitComparer#ORDER}.
 *
 * @param base the base commit's full sha (the request may have abbreviated it)
 * @param head the head commit's full sha
 * @param baseline {@code commit}: the base side is the base commit's runs; {@code level}: the level the
 *                 base is at, the runs of the base and its measured ancestors since the series' last
 *                 change on record (what a pull request is judged by)
 * @param detected changes detection dated to a commit after the base up to the head (first parents):
 *                 its answer rests on every run around the change, a better-founded one than two
 *                 commits' runs, and it is the one CI statuses show for those commits
 */
public record CompareReport(String base, String head, List<CompareRow> rows, String baseline, List<ChangeRef> detected) {

    public CompareReport(String base, String head, List<CompareRow> rows, String baseline) {
        this(base, head, rows, baseline, List.of());
    }

    public long count(String verdict) {
        return rows.stream().filter(r -> r.verdict().equals(verdict)).count();
    }
}
