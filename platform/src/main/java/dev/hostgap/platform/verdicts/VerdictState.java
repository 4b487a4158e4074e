package dev.hostgap.platform.verdicts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a commit's answer is known: still being measured or judged, judged, or not to be had. */
public enum VerdictState {
    /** A job is queued or measuring, a run waits to be judged, or a pull request's base is not measured yet. */
    PENDING("pending"),
    JUDGED("judged"),
    /** The job failed for good, or judging its run failed: the commit has no answer, and is not green. */
    ERROR("error");

    private final String wireName;

    VerdictState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
