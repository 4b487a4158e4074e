package dev.hostgap.runner;

/** A failure with the exit code and the sentence a person sees. */
public class RunnerException extends RuntimeException {

    private final int exitCode;

    public RunnerException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
