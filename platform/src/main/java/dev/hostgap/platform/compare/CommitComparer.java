package dev.hostgap.platform.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hostgap.platform.stats.Comparison;
import dev.hostgap.platform.stats.Direction;
import dev.hostgap.platform.stats.ShiftTest;
import dev.hostgap.platform.stats.Verdict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares every series measured at two commits. Samples of all runs at one commit are pooled:
 * each is one fork, wherever it ran. Failed results carry no samples and do not count.
 */
@Service
public class CommitComparer {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };
    private static final List<String> VERDICT_ORDER = Arrays.stream(Verdict.values()).map(Verdict::wireName).toList();

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ShiftTest test;

    CommitComparer(JdbcClient jdbc, JsonMapper json, CompareProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.test = new ShiftTest(properties.alpha(), properties.minChangePercent());
    }

    /** All series of either commit; regressions first, then improvements, then the rest by name. */
    public List<CompareRow> compare(long baseCommitId, long headCommitId) {
        return compare(baseCommitId, headCommitId, null);
    }

    /** Only the given series (all when null). */
    public List<CompareRow> compare(long baseCommitId, long headCommitId, Collection<Long> seriesIds) {
        Map<Long, Pair> pairs = new LinkedHashMap<>();
        jdbc.sql("""
                        select s.id, b.name, b.version, b.params::text as params, s.metric, s.unit, s.direction,
                               s.environment_class, r.commit_id, r.samples
                        from result r
                        join series s on s.id = r.series_id
                        join benchmark b on b.id = s.benchmark_id
                        where r.commit_id in (:base, :head) and r.error is null
                          and (cast(:all as boolean) or r.series_id = any(:series))
                        order by b.name, b.params_key, s.metric, s.environment_class
                        """)
                .param("base", baseCommitId).param("head", headCommitId)
                .param("all", seriesIds == null)
                .param("series", seriesIds == null ? new Long[0] : seriesIds.toArray(Long[]::new))
                .query(rs -> {
                    Pair pair = pairs.computeIfAbsent(rs.getLong(1), id -> new Pair());
                    pair.benchmark = rs.getString("name");
                    pair.version = rs.getInt("version");
                    pair.params = rs.getString("params");
                    pair.metric = rs.getString("metric");
                    pair.unit = rs.getString("unit");
                    pair.direction = rs.getString("direction");
                    pair.environment = rs.getString("environment_class");
                    Double[] samples = (Double[]) rs.getArray("samples").getArray();
                    (rs.getLong("commit_id") == baseCommitId ? pair.base : pair.head).addAll(Arrays.asList(samples));
                });
        List<CompareRow> rows = new ArrayList<>(pairs.size());
        for (Pair pair : pairs.values()) {
            rows.add(row(pair));
        }
        rows.sort(Comparator.comparingInt((CompareRow r) -> VERDICT_ORDER.indexOf(r.verdict())));
        return rows;
    }

    private CompareRow row(Pair pair) {
        Direction direction = Direction.fromWireName(pair.direction).orElseThrow();
        Comparison c = test.compare(toArray(pair.base), toArray(pair.head), direction);
        return new CompareRow(pair.benchmark, pair.version, json.readValue(pair.params, PARAMS), pair.metric,
                pair.unit, pair.direction, pair.environment, c.baseMedian(), c.headMedian(), c.changePercent(),
                c.ciLowPercent(), c.ciHighPercent(), c.pValue(), c.baseCount(), c.headCount(), c.verdict().wireName());
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Rows of one series as they stream out of the query. */
    private static final class Pair {
        String benchmark;
        int version;
        String params;
        String metric;
        String unit;
        String direction;
        String environment;
        final List<Double> base = new ArrayList<>();
        final List<Double> head = new ArrayList<>();
    }
}
