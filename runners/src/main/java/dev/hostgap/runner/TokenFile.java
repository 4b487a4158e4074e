package dev.hostgap.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The runner's {@code hgr_} token, read from a file only the agent's user may read. Never an
 * argument or an environment variable: every local user can read a process's command line in
 * {@code /proc/<pid>/cmdline}, and any process of the same user its {@code /proc/<pid>/environ}.
 */
final class TokenFile {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private TokenFile() {
    }

    /** The token, or a usage error that says what is wrong with the file and how to fix it. */
    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw usage("the token file " + file + " does not exist or is not a regular file");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw usage("the token file " + file + " can be read by group or others (" + PosixFilePermissions.toString(permissions)
                        + "); run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            throw usage("the token file " + file + " is on a file system without POSIX permissions; keep it on one that has them");
        } catch (IOException e) {
            throw usage("cannot read the permissions of the token file " + file + ": " + Agent.oneLine(e));
        }
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw usage("cannot read the token file " + file + ": " + Agent.oneLine(e));
        }
        if (token.isEmpty() || token.lines().count() != 1 || token.chars().anyMatch(Character::isWhitespace)) {
            throw usage("the token file " + file + " must hold the runner token alone, on one line");
        }
        return token;
    }

    private static RunnerException usage(String message) {
        return new RunnerException(ExitCode.USAGE, message);
    }
}
