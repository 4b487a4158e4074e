package dev.hostgap.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests pass whoever ran before on the machine: another account's {@code embedded-pg} directory
 * in the temporary directory (here simulated: one this account cannot write) does not stop the
 * test database from starting.
 */
class TestDatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void startsWhenAnotherAccountOwnsTheSharedEmbeddedDirectory() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("embedded-pg"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("r-xr-xr-x"));
        try (EmbeddedPostgres postgres = TestDatabase.startEmbedded(tmp);
             var connection = postgres.getPostgresDatabase().getConnection();
             ResultSet answer = connection.createStatement().executeQuery("select 1")) {
            assertThat(answer.next()).isTrue();
            assertThat(answer.getInt(1)).isEqualTo(1);
        } finally {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(Files.list(shared)).as("nothing written to the shared directory").isEmpty();
    }
}
