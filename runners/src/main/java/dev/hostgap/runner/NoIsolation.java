package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --isolation none}: the command runs as the agent's user with no sandbox. It still gets the
 * allow-listed environment and a fresh home, but it can read every file and process of that user,
 * the token file and the agent's memory included; only for nodes that run trusted code alone.
 */
record NoIsolation() implements Isolation {

    @Override
    public Launch launch(String script, Path workTree) throws IOException {
        Path home = Files.createTempDirectory("hostgap-job-home");
        List<String> argv = List.of("bash", "-c", script);
        return new Launch() {
            @Override
            public List<String> argv() {
                return argv;
            }

            @Override
            public String home() {
                return home.toString();
            }

            @Override
            public void close() {
                deleteQuietly(home);
            }
        };
    }

    @Override
    public String describe() {
        return "WARNING: --isolation none: job commands run as this user without a sandbox and can read its files,"
                + " its processes and the runner token; use it only where every job is trusted";
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover in the temporary directory, not worth failing a job for
        }
    }
}
