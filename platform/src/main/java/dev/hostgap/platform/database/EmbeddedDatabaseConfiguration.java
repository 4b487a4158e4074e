package dev.hostgap.platform.database;

import java.io.IOException;
import java.nio.file.Files;

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
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            // initdb and postgres refuse to run as root; say so instead of a stack trace from initdb.
            throw new IllegalStateException("The embedded PostgreSQL server cannot run as root. "
                    + "Start hostgap as a regular user, or point SPRING_DATASOURCE_URL at a PostgreSQL server.");
        }
        Files.createDirectories(properties.dataDirectory());
        log.info("Starting embedded PostgreSQL with data in {}", properties.dataDirectory());
        return EmbeddedPostgres.builder()
                .setDataDirectory(properties.dataDirectory())
                .setCleanDataDirectory(false)
                .setPort(properties.port())
                .setPGStartupWait(properties.startupTimeout())
                .start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("hostgap-embedded");
        config.setMaximumPoolSize(10);
        return new HikariDataSource(config);
    }
}
