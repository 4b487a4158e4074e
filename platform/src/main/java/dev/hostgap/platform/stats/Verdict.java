package dev.hostgap.platform.stats;

/**
 * The one vocabulary for a series' answer, the same in the upload answer, compare (JSON and
 * Markdown), commit verdicts, detection and the UI.
 */
public enum Verdict {
    REGRESSION("regression"),
    IMPROVEMENT("improvement"),
    UNCHANGED("unchanged"),
    /** The series' history holds too few runs to know its run-to-run noise: the change is shown, not judged. */
    INSUFFICIENT_HISTORY("insufficient_history"),
    /** One side has no successful run of the series. */
    INSUFFICIENT_DATA("insufficient_data");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }

    public static Verdict fromWireName(String wireName) {
        for (Verdict v : values()) {
            if (v.wireName.equals(wireName)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no verdict '" + wireName + "'");
    }

    public boolean isChange() {
        return this == REGRESSION || this == IMPROVEMENT;
    }
}
