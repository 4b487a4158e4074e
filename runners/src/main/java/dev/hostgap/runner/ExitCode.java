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
    /** {@code check}: the head commit was still pending (queued, being measured, not judged yet) when {@code --wait} ran out. */
    public static final int NOT_JUDGED = 7;
    /**
     * {@code check}: the platform says the head will not be judged (verdict state {@code error}: its
     * job failed for good, or judging failed); waiting longer cannot help, so the reason is printed
     * at once. Not a regression: a script can tell a broken measurement from a slower commit.
     */
    public static final int VERDICT_ERROR = 8;
    /**
     * {@code agent}: no sandbox for job commands on this node (bubblewrap missing or user namespaces
     * not allowed); the message says what to install, or that {@code --isolation none} opts out.
     */
    public static final int NO_ISOLATION = 9;
    /** {@code check}: the head commit's verdict is a regression (same number as a failed workload: "the gate is red"). */
    public static final int REGRESSION = 1;

    private ExitCode() {
    }
}
