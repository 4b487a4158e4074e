package dev.hostgap.platform.compare;

import java.util.List;
import java.util.Map;

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
 * @param environments where the base and head commits' runs were measured, and what differs; null
 *                     where the report is not the compare answer (a pull request's verdict)
 */
public record CompareReport(String base, String head, List<CompareRow> rows, String baseline, List<ChangeRef> detected,
                            Environments environments) {

    public CompareReport(String base, String head, List<CompareRow> rows, String baseline) {
        this(base, head, rows, baseline, List.of(), null);
    }

    /**
     * Where the base and head commits' runs were measured: each field (gpu, driver, cuda, runtime, jvm,
     * host) and attribute (clocks, throttling, …) with its values over the side's runs, comma-separated
     * where they differ, and the names of those whose values differ between the sides, fields first.
     */
    public record Environments(Map<String, String> base, Map<String, String> head, List<String> differing) {
    }

    public long count(String verdict) {
        return rows.stream().filter(r -> r.verdict().equals(verdict)).count();
    }
}
