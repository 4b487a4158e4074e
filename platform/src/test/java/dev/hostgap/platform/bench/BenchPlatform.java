package dev.hostgap.platform.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import dev.hostgap.platform.HostgapApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A whole platform for one benchmark trial: an embedded PostgreSQL (default server settings, as the
 * platform starts it) and the Spring Boot app on a free port, reached over real HTTP. The database
 * is fresh, or kept in a directory between trials ({@link #reusing}) when building it takes minutes.
 */
public final class BenchPlatform implements AutoCloseable {

    static final String TOKEN = "bench-admin-token";

    final EmbeddedPostgres postgres;
    public final ConfigurableApplicationContext app;
    public final JdbcClient jdbc;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String baseUrl;

    /** {@code settings} are extra command-line arguments for the platform, such as {@code --hostgap.detection.history-commits=1000}. */
    public BenchPlatform(String... settings) throws IOException {
        this(Files.createTempDirectory("hostgap-bench-pg"), true, settings);
    }

    /**
     * A platform on the database kept in {@code dataDirectory}: created there when it does not exist
     * yet, left there when the trial ends. Flyway migrates it to this build's schema on start.
     */
    public static BenchPlatform reusing(Path dataDirectory, String... settings) throws IOException {
        Files.createDirectories(dataDirectory);
        return new BenchPlatform(dataDirectory, false, settings);
    }

    private BenchPlatform(Path dataDirectory, boolean fresh, String... settings) throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setServerConfig("log_min_duration_statement", System.getProperty("bench.pg.log-ms", "-1"))
                .setCleanDataDirectory(fresh).start();
        // command-line arguments, because application.yaml's own values outrank default properties
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--hostgap.security.admin-token=" + TOKEN,
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        args.addAll(List.of(settings));
        app = new SpringApplicationBuilder(HostgapApplication.class).run(args.toArray(String[]::new));
        jdbc = app.getBean(JdbcClient.class);
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path}, fails unless it answers 200, and returns the body's length (for JMH to consume). */
    int ok(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().length();
    }

    public void createProject(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/v1/projects",
                "{\"name\":\"" + name + "\",\"repoUrl\":\"https://example.org/bench.git\",\"defaultBranch\":\"main\"}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException(response.body());
        }
    }

    public long projectId(String name) {
        return jdbc.sql("select id from project where name = ?").param(name).query(Long.class).single();
    }

    @Override
    public void close() throws IOException {
        app.close();
        postgres.close();
    }
}
