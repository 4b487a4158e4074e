package dev.hostgap.runner;

/** Exit codes a script can act on; each one is printed with a sentence saying what to do. */
public final class ExitCode {

    public static final int OK = 0;
    /** Some workloads failed: they are stored as failed results, the others ran. */
    public static final int WORKLOAD_FAILED = 1;
    public static final int USAGE = 2;
    public static final int NO_DRIVER = 3;
    public static final int NO_GPU = 4;
    /** The server could not be reached: results are kept on disk for {@code upload}. */
    public static final int SERVER_UNREACHABLE = 5;
    /** The server refused the run (4xx): the file is kept; the message says why. */
    public static final int SERVER_REJECTED = 6;

    private ExitCode() {
    }
}
