package dev.hostgap.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A job's command line (from {@link Isolation}) started in the checkout with exactly the given
 * environment, nothing inherited from the agent; output copied to a log file and a tail kept for
 * the failure reason. {@link #kill} may be called from any thread (heartbeat, shutdown hook) and takes
 * the whole process tree, since a benchmark command usually forks (Maven, JMH's forked JVMs).
 */
final class JobProcess {

    static final int TAIL_BYTES = 4096;

    enum End { EXITED, TIMED_OUT, KILLED }

    record Outcome(End end, int exitCode, String tail) {
    }

    private final Process process;
    private final Thread copier;
    private final OutputTail tail = new OutputTail(TAIL_BYTES);
    private volatile boolean killed;

    private JobProcess(Process process, Path log) throws IOException {
        this.process = process;
        OutputStream logFile = Files.newOutputStream(log);
        this.copier = new Thread(() -> copy(process.getInputStream(), logFile), "job-output");
        copier.setDaemon(true);
        copier.start();
    }

    static JobProcess start(List<String> argv, Path directory, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new JobProcess(builder.start(), log);
    }

    /** Waits for the command; past the timeout its tree is killed. */
    Outcome await(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            kill();
        }
        process.waitFor();
        // output held by a grandchild that escaped the tree must not hang the agent
        copier.join(2000);
        End end = killed ? (exited ? End.KILLED : End.TIMED_OUT) : End.EXITED;
        return new Outcome(end, process.exitValue(), tail.toString());
    }

    /** SIGTERM to the tree, then SIGKILL to what is left after a short grace. */
    void kill() {
        killed = true;
        // descendants first: once the parent dies its children are re-parented and no longer found
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // still alive, or interrupted: forcibly below either way
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void copy(InputStream output, OutputStream logFile) {
        byte[] buffer = new byte[8192];
        try (output; logFile) {
            for (int n; (n = output.read(buffer)) >= 0; ) {
                tail.append(buffer, 0, n);
                logFile.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe closes when the tree is killed; what was read is kept
        }
    }
}
