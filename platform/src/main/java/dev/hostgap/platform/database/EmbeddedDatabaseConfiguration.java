package dev.hostgap.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL server (zonky's packaged binaries) when no datasource is configured, so
 * that a fresh machine needs nothing but a JDK. The data directory is kept, so a restart keeps every
 * run. Setting {@code SPRING_DATASOURCE_URL} switches this off and the platform starts nothing.
 *
 * <p>Safe by default for a machine other users share ({@link EmbeddedDatabaseFiles}): the superuser
 * has a generated password and every connection needs it (scram-sha-256; zonky's initdb leaves
 * {@code trust}, which let any local user run {@code COPY … TO PROGRAM} as the service user); the
 * socket and the unpacked binaries live in private directories, not in a shared /tmp; and commits
 * are durable ({@code fsync} and {@code synchronous_commit} on, which zonky turns off for tests).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /** Stopped by {@link EmbeddedServerShutdown}, after the data source, not by its own destroy method. */
    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties, EmbeddedDatabaseFiles files) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            // initdb and postgres refuse to run as root; say so instead of a stack trace from initdb.
            throw new EmbeddedDatabaseUnavailable("The embedded PostgreSQL server cannot run as root. "
                    + "Start hostgap as a regular user, or point SPRING_DATASOURCE_URL at a PostgreSQL server.");
        }
        OrphanedServer.clear(files.dataDirectory());
        log.info("Starting embedded PostgreSQL with data in {}", properties.dataDirectory());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(properties.dataDirectory())
                .setCleanDataDirectory(false)
                .setPort(properties.port())
                .setPGStartupWait(properties.startupTimeout())
                .setOverrideWorkingDirectory(files.binaries().toFile())
                .setConnectConfig("password", files.password());
        serverConfig(files).forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        requirePassword(postgres, files);
        files.lockDown();
        return postgres;
    }

    /** The server settings, the same at the first start and at a restart by {@link EmbeddedServerWatchdog}. */
    static java.util.Map<String, String> serverConfig(EmbeddedDatabaseFiles files) {
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("timezone", "UTC");
        config.put("max_connections", "300");
        config.put("unix_socket_directories", files.socketDirectory().toString());
        config.put("unix_socket_permissions", "0700");
        config.put("listen_addresses", "localhost");
        config.put("fsync", "on");
        config.put("synchronous_commit", "on");
        // a new server's tables grow from empty within seconds; with the default one-minute naptime
        // the planner keeps "two rows" estimates meanwhile and walks the commit graph with
        // nested seq scans (87 ms for a 4-commit chain at 250 commits, measured under load)
        config.put("autovacuum_naptime", "5s");
        return config;
    }

    @Bean
    EmbeddedServerWatchdog embeddedServerWatchdog(EmbeddedPostgres postgres, EmbeddedDatabaseFiles files,
                                                  EmbeddedServerShutdown shutdown) throws IOException {
        return new EmbeddedServerWatchdog(postgres, files, shutdown);
    }

    /**
     * Gives the superuser its password and makes every connection present it. Idempotent: on a data
     * directory already set up it rewrites the same rules; on one zonky just created (trust) it is
     * what closes it, moments after the first start.
     */
    private static void requirePassword(EmbeddedPostgres postgres, EmbeddedDatabaseFiles files) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("set password_encryption = 'scram-sha-256'");
            s.execute("alter role postgres with password '" + files.password() + "'");
            Files.writeString(files.hbaFile(), EmbeddedDatabaseFiles.HBA_RULES);
            s.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not require a password on the embedded PostgreSQL server", e);
        }
    }

    @Bean
    EmbeddedServerShutdown embeddedServerShutdown(EmbeddedPostgres postgres) {
        return new EmbeddedServerShutdown(postgres);
    }

    /** Depends on the shutdown bean, so the pool closes before the server stops. */
    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres, EmbeddedDatabaseFiles files, EmbeddedServerShutdown stopsAfterThis) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword(files.password());
        config.setPoolName("hostgap-embedded");
        config.setMaximumPoolSize(10);
        // a request that cannot get a connection in 5 s is answered 503 (busy) rather than held for
        // Hikari's default 30 s; uploads are gated well below the pool size, so this means trouble
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }

    @Bean
    EmbeddedDatabaseFiles embeddedDatabaseFiles(EmbeddedDatabaseProperties properties) throws IOException {
        return EmbeddedDatabaseFiles.prepare(properties.dataDirectory());
    }
}
