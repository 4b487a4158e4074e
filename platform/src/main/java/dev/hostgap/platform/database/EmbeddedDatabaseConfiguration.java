package dev.hostgap.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

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
 * has a generated password and every connection needs it from the cluster's first byte (zonky's
 * initdb writes {@code trust}; we pass {@code --auth=scram-sha-256 --pwfile} after its options, and
 * rewrite pg_hba.conf before every postmaster start, so there is no moment in which another local
 * user could log in and run {@code COPY … TO PROGRAM} as the service user); the socket and the
 * unpacked binaries live in private directories, not in a shared /tmp; and commits are durable
 * ({@code fsync} and {@code synchronous_commit} on, which zonky turns off for tests).
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
        InstanceLock.acquire(files.dataDirectory());
        OrphanedServer.clear(files);
        log.info("Starting embedded PostgreSQL with data in {}", properties.dataDirectory());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(properties.dataDirectory())
                .setCleanDataDirectory(false)
                .setPort(properties.port())
                .setPGStartupWait(properties.startupTimeout())
                .setOverrideWorkingDirectory(files.binaries().toFile())
                .setConnectConfig("password", files.password())
                // zonky appends these to its initdb options ("-A trust … --auth=scram-sha-256"):
                // initdb keeps the last --auth, and sets the superuser's password from the file
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", files.secretFile().toString())
                // before the postmaster starts, on a new data directory and on one of an older
                // version (which set trust rules first and replaced them once it could log in)
                .setDataDirectoryCustomizer(data -> requirePasswordRules(files));
        serverConfig(files).forEach(builder::setServerConfig);
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            InstanceLock.release(files.dataDirectory());
            throw e;
        }
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
     * Every connection needs the password before the postmaster accepts one. A data directory made
     * before hostgap set a password (zonky's trust rules, no password on the superuser) gets it
     * first, in single-user mode, which needs no login: otherwise the new rules would lock hostgap
     * out of its own data.
     */
    private static void requirePasswordRules(EmbeddedDatabaseFiles files) {
        try {
            if (Files.exists(files.hbaFile()) && Files.readString(files.hbaFile()).lines()
                    .anyMatch(line -> !line.strip().startsWith("#") && line.contains("trust"))) {
                setPasswordInSingleUserMode(files);
            }
            Files.writeString(files.hbaFile(), EmbeddedDatabaseFiles.HBA_RULES);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not require a password on " + files.dataDirectory(), e);
        }
    }

    /**
     * The postgres binary zonky unpacked: under our private binaries directory, where it unpacks at
     * the first start of a JVM. zonky unpacks once per JVM, so in a JVM that started a server
     * elsewhere before (tests) they are where that start put them, which only zonky records.
     */
    @SuppressWarnings("unchecked")
    private static Path postgresBinary(Path binaries) throws IOException {
        List<Path> roots = new java.util.ArrayList<>(List.of(binaries));
        try {
            java.lang.reflect.Field prepared = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            prepared.setAccessible(true);
            ((java.util.Map<Object, java.io.File>) prepared.get(null)).values().forEach(dir -> roots.add(dir.toPath()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot read zonky's unpacked binaries ({}); looking in {} only", e.toString(), binaries);
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (var found = Files.walk(root, 6)) {
                java.util.Optional<Path> binary = found.filter(p -> p.getFileName().toString().equals("postgres")
                        && p.getParent() != null && p.getParent().getFileName().toString().equals("bin") && Files.isExecutable(p))
                        .findFirst();
                if (binary.isPresent()) {
                    return binary.get();
                }
            }
        }
        throw new IOException("no postgres binary under " + roots);
    }

    private static void setPasswordInSingleUserMode(EmbeddedDatabaseFiles files) throws IOException {
        Path postgres = postgresBinary(files.binaries());
        log.info("Giving the superuser of {} its password (a data directory of an older hostgap)", files.dataDirectory());
        Path output = files.socketDirectory().resolve("single-user.log");
        Process single = new ProcessBuilder(postgres.toString(), "--single", "-D", files.dataDirectory().toString(),
                "-c", "password_encryption=scram-sha-256", "postgres")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try (var stdin = single.getOutputStream()) {
            // the password is [A-Za-z0-9_-] (EmbeddedDatabaseFiles): nothing to quote
            stdin.write(("ALTER ROLE postgres WITH PASSWORD '" + files.password() + "';\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            if (!single.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || single.exitValue() != 0) {
                single.destroyForcibly();
                throw new IOException("setting the password in single-user mode failed; see " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the password", e);
        }
    }

    @Bean
    EmbeddedServerShutdown embeddedServerShutdown(EmbeddedPostgres postgres, EmbeddedDatabaseFiles files) {
        return new EmbeddedServerShutdown(postgres, files.dataDirectory());
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
