package dev.hostgap.platform.traces;

/**
 * A trace that cannot be read or analysed; the message is shown to the person who uploaded it, so it
 * names what is wrong and where (for example "the trace is not valid JSON at byte 1234: ...").
 */
public class TraceRejected extends Exception {

    public TraceRejected(String message) {
        super(message);
    }
}
