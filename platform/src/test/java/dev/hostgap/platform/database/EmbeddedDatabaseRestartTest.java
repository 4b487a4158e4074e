package dev.hostgap.platform.database;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.hostgap.platform.HostgapApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The default start: no datasource configured, so the platform runs its own PostgreSQL on disk. */
class EmbeddedDatabaseRestartTest {

    @TempDir
    Path home;

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        Path data = home.resolve("pgdata");
        try (ConfigurableApplicationContext first = start(data)) {
            first.getBean(JdbcClient.class)
                    .sql("insert into project (name, repo_url, default_branch) values ('survivor', 'u', 'main')").update();
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
        try (ConfigurableApplicationContext second = start(data)) {
            assertThat(second.getBean(JdbcClient.class).sql("select count(*) from project where name = 'survivor'")
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(HostgapApplication.class)
                .run("--server.port=0", "--hostgap.embedded-database.data-directory=" + data,
                        "--hostgap.security.admin-token=restart-test-admin-token");
    }
}
