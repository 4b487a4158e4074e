package dev.hostgap.platform.database;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded server's private files beside its data directory (by default in ~/.hostgap):
 * {@code pgdata/} itself, {@code pgdata-secret} (the superuser's password, mode 0600),
 * {@code pgdata-run/} (the server's socket, mode 0700) and {@code pgdata-bin/} (the unpacked
 * PostgreSQL binaries, mode 0700, so no other user can plant or swap them).
 */
record EmbeddedDatabaseFiles(Path dataDirectory, Path socketDirectory, Path binaries, Path secretFile, String password) {

    /** Every connection, local or over loopback TCP, must present the password. */
    static final String HBA_RULES = """
            # written by hostgap at every start: every connection needs the superuser's password
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;

    static EmbeddedDatabaseFiles prepare(Path dataDirectory) throws IOException {
        Path data = dataDirectory.toAbsolutePath();
        String name = data.getFileName().toString();
        Path socket = privateDirectory(data.resolveSibling(name + "-run"));
        Path binaries = privateDirectory(data.resolveSibling(name + "-bin"));
        privateDirectory(data);
        Path secret = data.resolveSibling(name + "-secret");
        return new EmbeddedDatabaseFiles(data, socket, binaries, secret, password(secret));
    }

    /**
     * Makes the directories private again after the server started: unpacking the binaries resets
     * the mode of their directory from the archive (0722 was seen).
     */
    void lockDown() throws IOException {
        privateDirectory(socketDirectory);
        privateDirectory(binaries);
    }

    Path hbaFile() {
        return dataDirectory.resolve("pg_hba.conf");
    }

    private static Path privateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    /** The stored password, or a new one written with mode 0600 before anything can read it. */
    private static String password(Path secret) throws IOException {
        if (!Files.exists(secret)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(secret, generated);
            } catch (FileAlreadyExistsException e) {
                // another instance wrote it first; use theirs
            }
        }
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(secret).trim();
        if (!password.matches("[A-Za-z0-9_-]{20,}")) {
            throw new IOException("The embedded database's password file " + secret + " is damaged; delete it together "
                    + "with the data directory to start afresh, or restore it.");
        }
        return password;
    }
}
