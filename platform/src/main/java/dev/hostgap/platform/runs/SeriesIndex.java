package dev.hostgap.platform.runs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.runs.Measurements.SeriesInfo;
import dev.hostgap.platform.stats.Direction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every series of a project with its newest run levels on the default branch. Its cost must grow
 * with the page, not with the years of history behind it, and must not depend on the planner's guess
 * of table sizes, so it is four small statements whose plans cannot go wrong rather than one join:
 * <ol>
 *   <li>the page of series ({@link #PAGE_SQL}), narrowed by the search words and ordered;</li>
 *   <li>each series' newest results, on the {@code result_summary_idx} index alone, a bounded window
 *       per series ({@link #WINDOW_SQL});</li>
 *   <li>which of the few runs named there are ordinary default-branch runs (not a pull request's,
 *       not paired, not another branch's), each looked up once by its key;</li>
 *   <li>those runs' commits, each looked up once.</li>
 * </ol>
 * The filters and the ordering are applied here. A series' window is first {@code points} results;
 * only a series some of whose newest results are not ordinary default-branch runs is read again with
 * a window of {@code 4 × points}, so a series whose newest results are mostly such runs shows fewer
 * levels. The single join this replaced probed the run table once per result (6,000 probes for a
 * page of 200 series); on a young project the planner made each probe a scan of the run table
 * (150 ms at 50 commits, against 65 ms at 5,000).
 */
@Repository
class SeriesIndex {

    /** How far back a series' second read goes, in multiples of {@code points}. */
    static final int WIDER_WINDOW = 4;

    /** The page of series; named parameters project, terms (lower case) and limit. */
    static final String PAGE_SQL = """
            select s.id, b.name, b.version, b.params::text as params, b.params_key, s.metric, s.unit,
                   s.direction, s.environment_class, count(*) over () as total
            from series s join benchmark b on b.id = s.benchmark_id
            where b.project_id = :project
              and not exists (select 1 from unnest(cast(:terms as text[])) t
                              where position(t in lower(b.name || ' ' || b.params_key || ' ' || s.metric)) = 0)
            order by b.name, b.version, b.params_key, s.metric, s.environment_class
            limit :limit
            """;

    /**
     * Each series' newest results, newest first, at most {@code window} a series; named parameters
     * series (bigint[]) and window. The index holds every column read, so no table row is visited.
     */
    static final String WINDOW_SQL = """
            select s.id as series_id, r.id, r.run_id, r.commit_id, r.median
            from unnest(cast(:series as bigint[])) s(id)
            cross join lateral (
                select r.id, r.run_id, r.commit_id, r.median from result r
                where r.series_id = s.id and r.error is null
                order by r.commit_id desc, r.id desc
                limit :window
            ) r
            """;

    private final JdbcClient jdbc;

    SeriesIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One branch run's level of a series: the run's fork median, at a commit. */
    record Level(String sha, double median) {
    }

    /** A page of series, each with its newest levels oldest first; {@code total} counts every match. */
    record Page(int total, Map<SeriesInfo, Entry> series) {
    }

    record Entry(String paramsKey, List<Level> levels) {
    }

    /** One result of a series' window, as the index holds it. */
    private record WindowRow(long resultId, UUID runId, long commitId, double median) {
    }

    /** An ordinary default-branch run, by its key. */
    private record BranchRun(UUID id, Timestamp uploadedAt) {
    }

    /** A commit a level is at: its sha and when it was made (or first seen). */
    private record CommitAt(String sha, Timestamp at) {
    }

    /**
     * @param terms words that must each occur (any case) in the series' benchmark name, parameters
     *              ({@code args=4,n=4096}) or metric; empty matches every series
     */
    Page find(ProjectRef project, List<String> terms, int limit, int points) {
        Map<SeriesInfo, Entry> series = new LinkedHashMap<>();
        int[] total = {0};
        jdbc.sql(PAGE_SQL)
                .param("project", project.id())
                .param("terms", terms.stream().map(t -> t.toLowerCase(Locale.ROOT)).toArray(String[]::new))
                .param("limit", limit)
                .query(rs -> {
                    SeriesInfo info = new SeriesInfo(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(6), rs.getString(7), Direction.fromWireName(rs.getString(8)).orElseThrow(),
                            rs.getString(9));
                    total[0] = rs.getInt(10);
                    series.put(info, new Entry(rs.getString(5), new ArrayList<>()));
                });
        if (series.isEmpty()) {
            return new Page(total[0], series);
        }
        Map<Long, List<Level>> levels = newestBranchLevels(project,
                series.keySet().stream().map(SeriesInfo::id).toList(), points);
        series.forEach((info, entry) -> entry.levels().addAll(levels.getOrDefault(info.id(), List.of())));
        return new Page(total[0], series);
    }

    /**
     * Each series' newest {@code points} results of ordinary default-branch runs, oldest first (by
     * commit time, upload time, result id). Reads {@code points} a series, then {@code 4 × points} for
     * the series where that was not enough.
     */
    private Map<Long, List<Level>> newestBranchLevels(ProjectRef project, List<Long> seriesIds, int points) {
        Map<Long, List<WindowRow>> windows = window(seriesIds, points);
        Map<UUID, BranchRun> branchRuns = branchRuns(project, runsOf(windows.values()));
        List<Long> shortOfPoints = seriesIds.stream().filter(id -> {
            List<WindowRow> rows = windows.getOrDefault(id, List.of());
            return rows.size() == points && rows.stream().anyMatch(r -> !branchRuns.containsKey(r.runId()));
        }).toList();
        if (!shortOfPoints.isEmpty()) {
            Map<Long, List<WindowRow>> wider = window(shortOfPoints, points * WIDER_WINDOW);
            Set<UUID> unseen = runsOf(wider.values());
            unseen.removeAll(branchRuns.keySet());
            branchRuns.putAll(branchRuns(project, unseen));
            windows.putAll(wider);
        }
        Map<Long, List<WindowRow>> kept = new HashMap<>();
        Set<Long> commitIds = new LinkedHashSet<>();
        windows.forEach((seriesId, rows) -> {
            List<WindowRow> newest = rows.stream().filter(r -> branchRuns.containsKey(r.runId())).limit(points).toList();
            newest.forEach(r -> commitIds.add(r.commitId()));
            kept.put(seriesId, newest);
        });
        Map<Long, CommitAt> commits = commits(commitIds);
        Comparator<WindowRow> oldestFirst = Comparator
                .comparing((WindowRow r) -> commits.get(r.commitId()).at())
                .thenComparing(r -> branchRuns.get(r.runId()).uploadedAt())
                .thenComparingLong(WindowRow::resultId);
        Map<Long, List<Level>> levels = new HashMap<>();
        kept.forEach((seriesId, rows) -> levels.put(seriesId, rows.stream()
                // each statement reads its own snapshot: a commit deleted in between (its project removed) drops out
                .filter(r -> commits.containsKey(r.commitId()))
                .sorted(oldestFirst)
                .map(r -> new Level(commits.get(r.commitId()).sha(), r.median()))
                .toList()));
        return levels;
    }

    private static Set<UUID> runsOf(Iterable<List<WindowRow>> windows) {
        Set<UUID> runs = new LinkedHashSet<>();
        windows.forEach(rows -> rows.forEach(r -> runs.add(r.runId())));
        return runs;
    }

    private Map<Long, List<WindowRow>> window(List<Long> seriesIds, int window) {
        Map<Long, List<WindowRow>> rows = new LinkedHashMap<>();
        jdbc.sql(WINDOW_SQL)
                .param("series", seriesIds.toArray(Long[]::new))
                .param("window", window)
                .query(rs -> {
                    rows.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new WindowRow(rs.getLong(2), rs.getObject(3, UUID.class), rs.getLong(4), rs.getDouble(5)));
                });
        return rows;
    }

    private Map<UUID, BranchRun> branchRuns(ProjectRef project, Set<UUID> runIds) {
        Map<UUID, BranchRun> runs = new HashMap<>();
        if (runIds.isEmpty()) {
            return runs;
        }
        jdbc.sql("""
                        select id, uploaded_at from run
                        where id = any(cast(:runs as uuid[])) and pull_request is null and not paired
                          and coalesce(branch, :branch) = :branch
                        """)
                .param("runs", runIds.toArray(UUID[]::new))
                .param("branch", project.defaultBranch())
                .query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    runs.put(id, new BranchRun(id, rs.getTimestamp(2)));
                });
        return runs;
    }

    private Map<Long, CommitAt> commits(Set<Long> commitIds) {
        Map<Long, CommitAt> commits = new HashMap<>();
        if (commitIds.isEmpty()) {
            return commits;
        }
        jdbc.sql("select id, sha, coalesce(committed_at, first_seen_at) from git_commit where id = any(cast(:ids as bigint[]))")
                .param("ids", commitIds.toArray(Long[]::new))
                .query(rs -> {
                    commits.put(rs.getLong(1), new CommitAt(rs.getString(2), rs.getTimestamp(3)));
                });
        return commits;
    }
}
