package dev.hostgap.platform.notify;

/**
 * What CI is told about a judged job.
 *
 * @param success green unless the commit verdict is a regression
 * @param description one line for the commit status (at most {@link #MAX_DESCRIPTION} characters)
 * @param targetUrl the web UI's compare page for the job's commit
 * @param markdown the pull request comment; null for a push
 */
record CiMessage(boolean success, String description, String targetUrl, String markdown) {

    /** The status context (GitHub) or name (GitLab). */
    static final String CONTEXT = "hostgap";
    /** GitHub cuts a status description at 140 characters. */
    static final int MAX_DESCRIPTION = 140;
}
