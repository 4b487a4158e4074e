package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Token files as an operator makes them for {@code agent --token-file}: the token alone, mode 600. */
final class TestTokens {

    private TestTokens() {
    }

    static Path file(Path dir, String token) throws IOException {
        Path file = dir.resolve("runner-token");
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
