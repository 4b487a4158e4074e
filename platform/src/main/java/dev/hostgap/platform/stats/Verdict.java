package dev.hostgap.platform.stats;

/** The answer for one series between two commits. */
public enum Verdict {
    REGRESSION("regression"),
    IMPROVEMENT("improvement"),
    UNCHANGED("unchanged"),
    /** Too few forks on one side for the test to ever reach significance: run more forks. */
    INSUFFICIENT_DATA("insufficient_data");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
