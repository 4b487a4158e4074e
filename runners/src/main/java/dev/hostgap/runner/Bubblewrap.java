package dev.hostgap.runner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The default isolation: each job's command runs in a bubblewrap ({@code bwrap}) sandbox. Its own
 * PID namespace with a fresh {@code /proc} hides every process outside the job, the agent's
 * environment, command line and memory included; only the system directories (read-only), the
 * operator's {@code --sandbox-path} directories (read-only) and the job's work tree (read-write,
 * its {@code .git} read-only so a job cannot rewrite the history the next job checks out) are
 * mounted, so the token file, the agent's work directory, other clones and every home directory
 * are not there at all. {@code /tmp} and {@code $HOME} are empty tmpfs mounts that vanish with the
 * job. {@code /dev/nvidia*} are passed through so the benchmark measures on the GPU.
 */
record Bubblewrap(Path executable, List<Path> extraPaths) implements Isolation {

    /** Read-only system directories; {@code -try} binds, so a distribution without one still works. */
    static final List<String> SYSTEM_PATHS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/sys");
    static final String HOME = "/home/hostgap-job";

    /** The sandbox with {@code bwrap} from the agent's PATH, or why it cannot be had on this node. */
    static Bubblewrap find(List<Path> extraPaths) {
        Path bwrap = onPath("bwrap").orElseThrow(() -> new Unavailable(
                "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap; RHEL/Fedora: dnf install bubblewrap)"));
        Bubblewrap sandbox = new Bubblewrap(bwrap, List.copyOf(extraPaths));
        sandbox.probe();
        return sandbox;
    }

    @Override
    public Launch launch(String script, Path workTree) {
        List<String> argv = argv(workTree, List.of("bash", "-c", script));
        return new Launch() {
            @Override
            public List<String> argv() {
                return argv;
            }

            @Override
            public String home() {
                return HOME;
            }

            @Override
            public void close() {
                // tmpfs mounts end with the sandbox
            }
        };
    }

    @Override
    public String describe() {
        return "jobs run in a bubblewrap sandbox (" + executable + "; own PID namespace, system directories read-only"
                + (extraPaths.isEmpty() ? "" : ", also " + extraPaths) + ")";
    }

    /** True when a job could read {@code file}: it lies in a directory the sandbox mounts. */
    boolean exposes(Path file) throws IOException {
        Path real = file.toRealPath();
        for (String dir : SYSTEM_PATHS) {
            if (real.startsWith(dir)) {
                return true;
            }
        }
        for (Path dir : extraPaths) {
            if (real.startsWith(dir.toRealPath())) {
                return true;
            }
        }
        return false;
    }

    List<String> argv(Path workTree, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "--die-with-parent", "--new-session",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
        for (String dir : SYSTEM_PATHS) {
            argv.addAll(List.of("--ro-bind-try", dir, dir));
        }
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        for (Path device : gpuDevices()) {
            argv.addAll(List.of("--dev-bind", device.toString(), device.toString()));
        }
        // tmpfs first: a work tree or a --sandbox-path under /tmp is then mounted on top of the empty /tmp
        argv.addAll(List.of("--tmpfs", "/tmp", "--tmpfs", HOME));
        for (Path dir : extraPaths) {
            argv.addAll(List.of("--ro-bind", dir.toAbsolutePath().toString(), dir.toAbsolutePath().toString()));
        }
        String tree = workTree.toAbsolutePath().toString();
        argv.addAll(List.of("--bind", tree, tree));
        if (Files.isDirectory(workTree.resolve(".git"))) {
            argv.addAll(List.of("--ro-bind", tree + "/.git", tree + "/.git"));
        }
        argv.addAll(List.of("--chdir", tree, "--"));
        argv.addAll(command);
        return argv;
    }

    /** Starts {@code true} the way a job starts, so a node that cannot make namespaces says so before leasing. */
    private void probe() {
        try {
            Path tree = Files.createTempDirectory("hostgap-sandbox-probe");
            try {
                Process process = new ProcessBuilder(argv(tree, List.of("true"))).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new Unavailable("bubblewrap did not start a test sandbox within 30 s");
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.exitValue() != 0) {
                    throw new Unavailable("bubblewrap cannot make a sandbox here (" + output.lines().findFirst().orElse("exit "
                            + process.exitValue()) + "); unprivileged user namespaces must be allowed"
                            + " (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04 an AppArmor profile for bwrap)");
                }
            } finally {
                Files.deleteIfExists(tree);
            }
        } catch (IOException e) {
            throw new Unavailable("bubblewrap could not be started: " + Agent.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while testing the sandbox");
        }
    }

    private static List<Path> gpuDevices() {
        List<Path> devices = new ArrayList<>();
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(Path.of("/dev"), "nvidia*")) {
            nodes.forEach(devices::add);
        } catch (IOException e) {
            // no /dev listing: no GPU to pass through
        }
        devices.sort(null);
        return devices;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && Files.isRegularFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The sandbox cannot be had on this node; the message says what to install or allow. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
