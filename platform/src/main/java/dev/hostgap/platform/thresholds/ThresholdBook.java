package dev.hostgap.platform.thresholds;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;

import dev.hostgap.platform.stats.Thresholds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Thresholds as data, in the manner of Bencher's (a threshold belongs to a project and may be
 * narrowed to a benchmark and a metric). The most specific rule that matches a series wins:
 * benchmark and metric, then benchmark, then metric, then the project's own, then the defaults.
 */
@Repository
public class ThresholdBook {

    private final JdbcClient jdbc;
    private final Thresholds defaults;

    ThresholdBook(JdbcClient jdbc, VerdictProperties properties) {
        this.jdbc = jdbc;
        this.defaults = properties.thresholds();
    }

    /** One stored rule; a null benchmark or metric matches every one. */
    public record Rule(long id, String benchmark, String metric, Thresholds thresholds, String updatedBy,
                       OffsetDateTime updatedAt) {

        boolean matches(String benchmark, String metric) {
            return (this.benchmark == null || this.benchmark.equals(benchmark)) && (this.metric == null || this.metric.equals(metric));
        }

        int specificity() {
            return (benchmark != null ? 2 : 0) + (metric != null ? 1 : 0);
        }
    }

    /** The rules of one project, loaded once, resolving any number of series without further queries. */
    public record Resolver(Thresholds defaults, List<Rule> rules) {

        public Thresholds forSeries(String benchmark, String metric) {
            return rules.stream().filter(r -> r.matches(benchmark, metric))
                    .max(Comparator.comparingInt(Rule::specificity))
                    .map(Rule::thresholds).orElse(defaults);
        }
    }

    public Thresholds defaults() {
        return defaults;
    }

    public Resolver forProject(long projectId) {
        return new Resolver(defaults, rules(projectId));
    }

    List<Rule> rules(long projectId) {
        return jdbc.sql("""
                        select id, benchmark, metric, min_change_percent, noise_multiplier, min_history_runs, updated_by, updated_at
                        from threshold where project_id = ? order by benchmark nulls first, metric nulls first
                        """)
                .param(projectId)
                .query((rs, i) -> new Rule(rs.getLong(1), rs.getString(2), rs.getString(3),
                        new Thresholds(rs.getDouble(4), rs.getDouble(5), rs.getInt(6)), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    Rule put(long projectId, String benchmark, String metric, Thresholds thresholds, String by) {
        long id = jdbc.sql("""
                        insert into threshold (project_id, benchmark, metric, min_change_percent, noise_multiplier,
                                               min_history_runs, updated_by)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (project_id, coalesce(benchmark, ''), coalesce(metric, '')) do update
                        set min_change_percent = excluded.min_change_percent, noise_multiplier = excluded.noise_multiplier,
                            min_history_runs = excluded.min_history_runs, updated_by = excluded.updated_by, updated_at = now()
                        returning id
                        """)
                .params(projectId, benchmark, metric, thresholds.minChangePercent(), thresholds.noiseMultiplier(),
                        thresholds.minHistoryRuns(), by)
                .query(Long.class).single();
        return rules(projectId).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    boolean delete(long projectId, long id) {
        return jdbc.sql("delete from threshold where project_id = ? and id = ?").params(projectId, id).update() > 0;
    }
}
