package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packaged platform ({@code hostgap-platform.jar}) as its own operating-system process, started
 * the way a user starts it: with nothing configured but a data directory, so it runs its embedded
 * PostgreSQL. Being a separate process is the point: the harness kills it with SIGKILL, stops it
 * with SIGTERM, and kills the PostgreSQL server under it, as an operating system or an operator
 * would.
 */
final class PlatformProcess implements AutoCloseable {

    static final String ADMIN_TOKEN = "reliability-harness-admin-token";

    private final Path jar;
    private final Path home;
    private final int port;
    private final List<String> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    PlatformProcess(Path jar, Path home, int port, List<String> settings) {
        this.jar = jar;
        this.home = home;
        this.port = port;
        this.settings = settings;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path dataDirectory() {
        return home.resolve("pgdata");
    }

    /** Starts the JVM and returns how long it took until {@code /actuator/health} answered UP; fails after {@code timeout}. */
    Duration start(Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // e.g. a flight recording of the platform alone: -XX:StartFlightRecording=settings=profile,filename=/tmp/platform.jfr
        String jvmOptions = System.getenv().getOrDefault("HOSTGAP_PLATFORM_JVM_OPTIONS", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--hostgap.embedded-database.data-directory=" + dataDirectory(),
                "--hostgap.security.admin-token=" + ADMIN_TOKEN));
        command.addAll(settings);
        starts++;
        Path log = home.resolve("platform-" + starts + ".log");
        long began = System.nanoTime();
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = began + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the platform exited with " + process.exitValue() + " during start; see " + log);
            }
            if (healthy()) {
                return Duration.ofNanos(System.nanoTime() - began);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the platform did not become healthy within " + timeout + "; see " + log);
    }

    /** The running JVM, for accounting the CPU time it used (the capacity measurement). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The log of the latest start. */
    Path log() {
        return home.resolve("platform-" + starts + ".log");
    }

    boolean healthy() {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL to the JVM: no shutdown hook runs, its PostgreSQL server is left orphaned. */
    void killJvm() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM to the JVM and the time until it exited (graceful shutdown). */
    Duration terminate(Duration timeout) throws InterruptedException {
        long began = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the platform did not exit within " + timeout + " of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** The PostgreSQL server's process id, from the first line of {@code postmaster.pid}. */
    Optional<Long> postmasterPid() throws IOException {
        Path pidFile = dataDirectory().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    }

    /** SIGKILL to the PostgreSQL server (the postmaster); its backends exit with it. */
    long killPostmaster() throws IOException {
        long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("no postmaster.pid in " + dataDirectory()));
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid)).destroyForcibly();
        return pid;
    }

    /** Stops the platform (SIGTERM) and any PostgreSQL server a killed JVM left behind. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            terminate(Duration.ofSeconds(60));
        }
        Optional<ProcessHandle> orphan = postmasterPid().flatMap(ProcessHandle::of);
        if (orphan.isPresent()) {
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                orphan.get().destroyForcibly();
            }
        }
    }
}
