package dev.hostgap.platform.runs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.runs.RunUpload.EnvironmentInfo;
import dev.hostgap.platform.runs.RunUpload.ResultUpload;
import dev.hostgap.platform.support.Hashes;
import dev.hostgap.platform.support.ParamsKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds or creates the environment, benchmark and series rows a run refers to. These rows are
 * never changed once written, so their ids are cached, which turns the steady state of ingest into
 * one insert per run plus one batch of results. An id enters the cache only after its transaction
 * commits: a rejected run must not leave ids behind that point at rolled-back rows.
 */
@Repository
class SeriesCatalog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Map<String, Long> environments = new ConcurrentHashMap<>();
    private final Map<String, Long> benchmarks = new ConcurrentHashMap<>();
    private final Map<String, SeriesRow> series = new ConcurrentHashMap<>();

    SeriesCatalog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record EnvironmentRef(long id, String environmentClass) {
    }

    private record SeriesRow(long id, String unit, String direction) {
    }

    /** What series of one benchmark and metric are told apart by: the GPU and its software. */
    static String environmentClass(EnvironmentInfo env) {
        return String.join(" | ", env.gpu(), "driver " + orUnknown(env.driver()),
                "cuda " + orUnknown(env.cuda()), orUnknown(env.runtime()));
    }

    EnvironmentRef environment(EnvironmentInfo env) {
        String environmentClass = environmentClass(env);
        Map<String, String> attributes = env.attributes() == null ? Map.of() : new TreeMap<>(env.attributes());
        String attributesJson = json.writeValueAsString(attributes);
        String fingerprint = Hashes.sha256Hex(String.join("\n", environmentClass, orUnknown(env.jvm()), orUnknown(env.host()), attributesJson));
        Long cached = environments.get(fingerprint);
        if (cached != null) {
            return new EnvironmentRef(cached, environmentClass);
        }
        long id = jdbc.sql("""
                        insert into environment (fingerprint, environment_class, gpu, driver, cuda, runtime, jvm, host, attributes)
                        values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))
                        on conflict (fingerprint) do update set fingerprint = excluded.fingerprint
                        returning id
                        """)
                .params(fingerprint, environmentClass, env.gpu(), orUnknown(env.driver()), orUnknown(env.cuda()),
                        orUnknown(env.runtime()), orUnknown(env.jvm()), orUnknown(env.host()), attributesJson)
                .query(Long.class).single();
        cacheAfterCommit(environments, fingerprint, id);
        return new EnvironmentRef(id, environmentClass);
    }

    /** The series id of one result; refuses a unit or direction that contradicts the stored series. */
    long series(long projectId, ResultUpload result, String environmentClass, String field) {
        long benchmarkId = benchmark(projectId, result);
        String key = benchmarkId + "|" + result.metric() + "|" + environmentClass;
        SeriesRow row = series.get(key);
        if (row == null) {
            row = jdbc.sql("""
                            insert into series (benchmark_id, metric, unit, direction, environment_class)
                            values (?, ?, ?, ?, ?)
                            on conflict (benchmark_id, metric, environment_class) do update set metric = excluded.metric
                            returning id, unit, direction
                            """)
                    .params(benchmarkId, result.metric(), result.unit(), result.direction(), environmentClass)
                    .query((rs, i) -> new SeriesRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
                    .single();
            cacheAfterCommit(series, key, row);
        }
        if (!row.unit().equals(result.unit()) || !row.direction().equals(result.direction())) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, field + ": metric '" + result.metric() + "' of "
                    + result.benchmark() + " is stored as " + row.unit() + ", " + row.direction() + "; this run says "
                    + result.unit() + ", " + result.direction() + ". Use a new metric name or bump the workload version.");
        }
        return row.id();
    }

    private long benchmark(long projectId, ResultUpload result) {
        String paramsKey = ParamsKey.of(result.params());
        String key = projectId + "|" + result.benchmark() + "|" + result.version() + "|" + paramsKey;
        Long cached = benchmarks.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, String> params = result.params() == null ? Map.of() : new TreeMap<>(result.params());
        long id = jdbc.sql("""
                        insert into benchmark (project_id, name, version, params, params_key)
                        values (?, ?, ?, cast(? as jsonb), ?)
                        on conflict (project_id, name, version, params_key) do update set name = excluded.name
                        returning id
                        """)
                .params(projectId, result.benchmark(), result.version(), json.writeValueAsString(params), paramsKey)
                .query(Long.class).single();
        cacheAfterCommit(benchmarks, key, id);
        return id;
    }

    private static <V> void cacheAfterCommit(Map<String, V> cache, String key, V value) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.put(key, value);
            }
        });
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
