package dev.hostgap.platform.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.json.JsonMapper;

/**
 * The capacity table of docs/deployment.md: one PostgreSQL server (zonky's binaries, started here
 * with the platform's own durability settings) and the packaged platform as 1, then 2 processes on
 * it (a fresh database for each), the same client load alternating over the instances. For each:
 * uploads acknowledged per second and runs judged per second at 4 and 16 uploaders
 * ({@link UploadPhase}), then the views' latency with 1 and 8 readers ({@link ViewReaders}).
 * Writes a Markdown report ({@link CapacityReport}). Run as a regular user (PostgreSQL refuses root):
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -pl platform -Preliability exec:exec@capacity
 * </pre>
 * Arguments: {@code <platform jar> <report file> [seconds of each upload load, 45] [seconds per reader count, 20]
 * [instance counts, 1,2]}.
 */
public final class CapacityRun {

    static final int RESULTS = 40;
    static final int FORKS = 20;
    static final int WARMUP_SECONDS = 10;
    static final List<Integer> UPLOADERS = List.of(4, 16);
    static final List<Integer> READERS = List.of(1, 8);
    static final String VIEWED = "u16";

    record Views(int readers, int seconds, List<ViewReaders.Read> reads, Map<String, Double> cores, String loadBefore,
                 String loadAfter) {
    }

    record Configuration(int instances, String database, List<Duration> starts, UploadPhase.Result warmup,
                         List<UploadPhase.Result> loads, String viewedHistory, List<Views> views, List<String> logProblems,
                         String loadBefore, String loadAfter) {
    }

    private CapacityRun() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(); // exit whatever happened: uploader threads would keep the JVM alive
            System.exit(2);
        }
    }

    static String instanceName(int i) {
        return "instance " + (char) ('A' + i);
    }

    private static void run(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/hostgap-platform.jar");
        Path out = Path.of(args.length > 1 ? args[1] : "target/capacity.md");
        int loadSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 45;
        int viewSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        List<Integer> counts = Arrays.stream((args.length > 4 ? args[4] : "1,2").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        Path home = Files.createTempDirectory("hostgap-capacity");
        CapacityReport report = new CapacityReport(Instant.now().truncatedTo(ChronoUnit.SECONDS), HostLoad.machine(),
                ProcessHandle.current().info().commandLine().orElse("?"), loadSeconds, viewSeconds);
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "hostgap-capacity-pg-bin-" + System.getProperty("user.name"));
        Files.createDirectories(binaries);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(home.resolve("pgdata")).setCleanDataDirectory(true).setPGStartupWait(Duration.ofSeconds(60))
                // what the platform's own embedded server sets (EmbeddedDatabaseConfiguration.serverConfig);
                // zonky's defaults turn fsync and synchronous_commit off
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("autovacuum_naptime", "5s").setServerConfig("max_connections", "300").start()) {
            String admin = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            report.postgres(settings(admin));
            for (int instances : counts) {
                System.out.println("configuration: " + instances + " instance(s) ...");
                report.add(configuration(jar, home.resolve("i" + instances), postgres, instances, loadSeconds, viewSeconds));
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, report.markdown(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            }
        }
        System.out.println(Files.readString(out));
        System.out.println("report: " + out.toAbsolutePath() + "; platform logs under " + home);
    }

    private static Configuration configuration(Path jar, Path home, EmbeddedPostgres postgres, int count, int loadSeconds,
                                               int viewSeconds) throws Exception {
        String database = "cap" + count;
        String admin = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        execute(admin, "create database " + database);
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
        String loadBefore = HostLoad.loadAverage();
        String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        List<String> settings = List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--hostgap.security.secret-key=" + key);
        List<PlatformProcess> instances = new ArrayList<>();
        try {
            List<Duration> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path instanceHome = Files.createDirectories(home.resolve(String.valueOf((char) ('a' + i))));
                PlatformProcess instance = new PlatformProcess(jar, instanceHome, freePort(), settings);
                instances.add(instance);
                starts.add(instance.start(Duration.ofSeconds(180)));
            }
            Map<String, Supplier<List<ProcessHandle>>> cpuParts = new LinkedHashMap<>();
            cpuParts.put("client (this JVM)", () -> List.of(ProcessHandle.current()));
            for (int i = 0; i < count; i++) {
                ProcessHandle jvm = instances.get(i).handle();
                cpuParts.put("platform " + instanceName(i), () -> List.of(jvm));
            }
            cpuParts.put("PostgreSQL (server, backends)", HostLoad.postgres(home.getParent().resolve("pgdata")));

            UploadPhase.Result warmup = UploadPhase.run(instances, url, "warmup", 4, WARMUP_SECONDS, RESULTS, FORKS, cpuParts);
            List<UploadPhase.Result> loads = new ArrayList<>();
            for (int uploaders : UPLOADERS) {
                System.out.println("  " + uploaders + " uploaders ...");
                loads.add(UploadPhase.run(instances, url, "u" + uploaders, uploaders, loadSeconds, RESULTS, FORKS, cpuParts));
            }
            List<String> urls = instances.stream().map(PlatformProcess::baseUrl).toList();
            List<List<ViewReaders.Call>> rounds = viewCalls(url, urls.get(0));
            ViewReaders.run(urls, rounds, 1, Duration.ofSeconds(5)); // warm-up, not counted
            List<Views> views = new ArrayList<>();
            for (int readers : READERS) {
                System.out.println("  " + readers + " reader(s) ...");
                String before = HostLoad.loadAverage();
                HostLoad.Cpu cpu = HostLoad.snapshot(cpuParts);
                List<ViewReaders.Read> reads = ViewReaders.run(urls, rounds, readers, Duration.ofSeconds(viewSeconds));
                views.add(new Views(readers, viewSeconds, reads, HostLoad.snapshot(cpuParts).coresSince(cpu), before,
                        HostLoad.loadAverage()));
            }
            String history = query(url, """
                    select format('%s runs of %s commits, %s results, %s regressions and improvements',
                                  (select count(*) from run where project_id = p.id),
                                  (select count(*) from git_commit where project_id = p.id),
                                  (select count(*) from result r join run on run.id = r.run_id where run.project_id = p.id),
                                  (select count(*) from regression g join series s on s.id = g.series_id
                                   join benchmark b on b.id = s.benchmark_id where b.project_id = p.id))
                    from project p where p.name = '""" + VIEWED + "'");
            List<String> logProblems = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int instance = i;
                Files.readAllLines(instances.get(i).log()).stream().filter(l -> l.contains(" ERROR ") || l.contains(" WARN "))
                        .map(l -> instanceName(instance) + ": " + l.substring(Math.min(l.length(), 24)).trim())
                        .limit(10).forEach(logProblems::add);
            }
            return new Configuration(count, database, starts, warmup, loads, history, views, logProblems, loadBefore,
                    HostLoad.loadAverage());
        } finally {
            for (PlatformProcess instance : instances) {
                instance.close();
            }
        }
    }

    /** The views' calls with parameters from the measured project: 20 rounds, each asking one of the 20 newest commits' verdict. */
    private static List<List<ViewReaders.Call>> viewCalls(String url, String baseUrl) throws Exception {
        String body = new Admin(baseUrl).send("GET", "/api/v1/projects/" + VIEWED + "/commits?branch=main&limit=20", null).body();
        List<String> shas = new ArrayList<>();
        JsonMapper.builder().build().readTree(body).forEach(c -> shas.add(c.get("sha").asString()));
        String runId = query(url, "select r.id::text from run r join git_commit c on c.id = r.commit_id where c.sha = '"
                + shas.get(0) + "' limit 1");
        long series = Long.parseLong(query(url, """
                select s.id from series s join benchmark b on b.id = s.benchmark_id join project p on p.id = b.project_id
                where p.name = '""" + VIEWED + "' and b.name = 'load.b3' and b.params->>'n' = '3' order by s.id limit 1"));
        List<List<ViewReaders.Call>> rounds = new ArrayList<>();
        for (int round = 0; round < shas.size(); round++) {
            rounds.add(ViewReaders.calls(VIEWED, shas, runId, series, "load.b3", "n=3", round));
        }
        return rounds;
    }

    private static Map<String, String> settings(String url) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select name, setting || coalesce(' ' || unit, '') from pg_settings
                     where name in ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method',
                                    'shared_buffers', 'max_connections', 'autovacuum_naptime') order by name""")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    private static String query(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
