package dev.hostgap.platform.database;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the embedded PostgreSQL server keeps its data and which port it listens on. Used only when
 * no {@code spring.datasource.url} is configured.
 *
 * @param dataDirectory kept across restarts; defaults to {@code ~/.hostgap/pgdata}
 * @param port 0 picks a free port at every start
 * @param startupTimeout how long to wait for the server to accept connections
 */
@Validated
@ConfigurationProperties("hostgap.embedded-database")
public record EmbeddedDatabaseProperties(
        @NotNull Path dataDirectory,
        @DefaultValue("0") int port,
        @NotNull @DefaultValue("60s") Duration startupTimeout) {

    public EmbeddedDatabaseProperties {
        if (dataDirectory == null) {
            dataDirectory = Path.of(System.getProperty("user.home"), ".hostgap", "pgdata");
        }
    }
}
