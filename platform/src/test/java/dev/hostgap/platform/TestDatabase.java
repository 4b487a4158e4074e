package dev.hostgap.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL server of a test JVM: a Testcontainers container when a Docker engine answers,
 * the embedded server otherwise. Started on first use and shared by every test class.
 */
public final class TestDatabase {

    public record Connection(String url, String username, String password, String kind) {
    }

    /**
     * A database of its own on the test server, migrated to the schema, for a test whose planner
     * statistics or table sizes must not be the other tests' (and must not weigh on theirs); one
     * connection. {@link #close()} drops it.
     */
    public record OwnDatabase(String name, SingleConnectionDataSource dataSource, JdbcClient jdbc) implements AutoCloseable {

        @Override
        public void close() {
            dataSource.destroy();
            admin().sql("drop database if exists " + name).update();
        }
    }

    /** A new migrated database named {@code prefix} and a random suffix. */
    public static OwnDatabase ownDatabase(String prefix) {
        Connection server = connection();
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin().sql("create database " + name).update();
        String url = server.url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, server.username(), server.password(), true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new OwnDatabase(name, dataSource, JdbcClient.create(dataSource));
    }

    private static JdbcClient admin() {
        Connection server = connection();
        return JdbcClient.create(new SingleConnectionDataSource(server.url(), server.username(), server.password(), true));
    }

    private static Connection connection;

    private TestDatabase() {
    }

    public static synchronized Connection connection() {
        if (connection == null) {
            connection = dockerAvailable() ? container() : embedded();
        }
        return connection;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static Connection container() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
        postgres.start();
        return new Connection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), "testcontainers");
    }

    private static Connection embedded() {
        try {
            EmbeddedPostgres postgres = startEmbedded(Path.of(System.getProperty("java.io.tmpdir")));
            return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server for tests", e);
        }
    }

    /**
     * An embedded server whose binaries and data live in directories of this account under
     * {@code tmp}: never the library's shared default ({@code tmp/embedded-pg}), which another
     * account may have created first and this one then cannot write.
     */
    static EmbeddedPostgres startEmbedded(Path tmp) throws IOException {
        Path binaries = tmp.resolve("hostgap-test-pg-bin-" + System.getProperty("user.name"));
        Files.createDirectories(binaries);
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(Files.createTempDirectory(tmp, "hostgap-test-pg"))
                .setCleanDataDirectory(true)
                .start();
    }
}
