package dev.hostgap.platform.compare;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.hostgap.platform.support.ParamsJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a compare row rests on, read only when asked: where the base and head runs were measured
 * (a driver that moved explains a step the code did not make) and each run's fork samples of one
 * series. The compare answer itself reads run levels only; these read the runs and their arrays.
 * Reads the run tables directly, as {@code runs.Measurements} does for levels: runs has no public
 * query for environments or fork arrays at a commit yet.
 */
@Repository
class CompareDetails {

    /** The fixed fields of an environment, in the order a person reads them; attributes follow by name. */
    static final List<String> FIELDS = List.of("gpu", "driver", "cuda", "runtime", "jvm", "host");
    /** How many runs a side of {@link #samples} lists at most (the newest). */
    static final int MAX_RUNS = 200;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CompareDetails(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Each side's environment, every field and attribute with its values over the side's runs ("a, b"
     * where its runs differ), and the fields whose values differ between the sides. A side without
     * runs has an empty environment and nothing differs from it.
     */
    CompareReport.Environments environments(long projectId, long baseCommitId, long headCommitId) {
        Map<Long, Map<String, Set<String>>> sides = new LinkedHashMap<>();
        sides.put(baseCommitId, new TreeMap<>());
        sides.put(headCommitId, new TreeMap<>());
        jdbc.sql("""
                        select run.commit_id, a.k, a.v
                        from run join environment e on e.id = run.environment_id
                        cross join lateral (select * from (values ('gpu', e.gpu), ('driver', e.driver), ('cuda', e.cuda),
                                                                  ('runtime', e.runtime), ('jvm', e.jvm), ('host', e.host)) f
                                            union all select key, value from jsonb_each_text(e.attributes)) a(k, v)
                        where run.project_id = ? and run.commit_id in (?, ?)
                        order by run.uploaded_at, run.id
                        """)
                .params(projectId, baseCommitId, headCommitId)
                .query(rs -> {
                    sides.get(rs.getLong(1)).computeIfAbsent(rs.getString(2), k -> new LinkedHashSet<>())
                            .add(Objects.requireNonNullElse(rs.getString(3), "null"));
                });
        Map<String, String> base = flatten(sides.get(baseCommitId));
        Map<String, String> head = flatten(sides.get(headCommitId));
        List<String> differing = new ArrayList<>();
        if (!base.isEmpty() && !head.isEmpty()) {
            Set<String> keys = new LinkedHashSet<>(base.keySet());
            keys.addAll(head.keySet());
            keys.stream().sorted(CompareDetails::fieldOrder).filter(k -> !Objects.equals(base.get(k), head.get(k)))
                    .forEach(differing::add);
        }
        return new CompareReport.Environments(base, head, differing);
    }

    private static Map<String, String> flatten(Map<String, Set<String>> values) {
        Map<String, String> flat = new LinkedHashMap<>();
        values.keySet().stream().sorted(CompareDetails::fieldOrder).forEach(k -> flat.put(k, String.join(", ", values.get(k))));
        return flat;
    }

    /** Fixed fields first in {@link #FIELDS} order, then attributes by name. */
    private static int fieldOrder(String a, String b) {
        int ia = FIELDS.indexOf(a), ib = FIELDS.indexOf(b);
        if (ia >= 0 || ib >= 0) {
            return ia < 0 ? 1 : ib < 0 ? -1 : Integer.compare(ia, ib);
        }
        return a.compareTo(b);
    }

    /** The series' identity, where it belongs to the project. */
    Optional<SeriesSamples> series(long projectId, long seriesId) {
        return jdbc.sql("""
                        select s.id, b.name, b.version, b.params::text, s.metric, s.unit, s.direction, s.environment_class
                        from series s join benchmark b on b.id = s.benchmark_id where s.id = ? and b.project_id = ?
                        """)
                .params(seriesId, projectId)
                .query((rs, i) -> new SeriesSamples(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        ParamsJson.read(json, rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), null, null, List.of(), List.of()))
                .optional();
    }

    /** Every run of the series at the commit (failed ones with no samples and their error), in upload order. */
    List<RunSamples> samples(long seriesId, long commitId) {
        return jdbc.sql("""
                        select * from (
                            select run.id, coalesce(e.attributes ->> 'gpu_uuid', e.host) as machine, run.uploaded_at,
                                   r.samples, r.median, r.error, r.id as result_id
                            from result r join run on run.id = r.run_id join environment e on e.id = run.environment_id
                            where r.series_id = ? and r.commit_id = ?
                            order by run.uploaded_at desc, r.id desc limit ?) newest
                        order by uploaded_at, result_id
                        """)
                .params(seriesId, commitId, MAX_RUNS)
                .query((rs, i) -> {
                    Double[] samples = (Double[]) rs.getArray("samples").getArray();
                    return new RunSamples(rs.getObject("id", UUID.class), rs.getString("machine"),
                            rs.getObject("uploaded_at", OffsetDateTime.class), Arrays.asList(samples),
                            rs.getObject("median", Double.class), rs.getString("error"));
                })
                .list();
    }

    /**
     * {@code GET /compare/samples}: one series' fork samples at base and head, run by run.
     *
     * @param baseRuns the base commit's runs of the series, upload order (at most {@link #MAX_RUNS}, the newest)
     * @param headRuns likewise for the head
     */
    record SeriesSamples(long series, String benchmark, int version, Map<String, String> params, String metric,
                         String unit, String direction, String environment, String base, String head,
                         List<RunSamples> baseRuns, List<RunSamples> headRuns) {

        SeriesSamples at(String baseSha, String headSha, List<RunSamples> baseSide, List<RunSamples> headSide) {
            return new SeriesSamples(series, benchmark, version, params, metric, unit, direction, environment, baseSha,
                    headSha, baseSide, headSide);
        }
    }

    /** One run's samples of a series: one value per fork; empty, with the error, where the result failed. */
    record RunSamples(UUID run, String machine, OffsetDateTime uploadedAt, List<Double> samples, Double median, String error) {
    }
}
