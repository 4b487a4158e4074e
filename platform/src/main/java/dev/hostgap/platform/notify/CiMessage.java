package dev.hostgap.platform.notify;

/**
 * What CI is told about a job: its commit's answer ({@code CommitVerdicts}) as a status, and for a
 * pull request the comment.
 *
 * @param state the commit status's state
 * @param description one line for the commit status (at most {@link #MAX_DESCRIPTION} characters): the answer's summary
 * @param targetUrl the web UI page that holds the answer
 * @param markdown the pull request comment; null for a push, and while the answer is pending
 * @param context {@link #CONTEXT} for a push's job, {@link #PULL_REQUEST_CONTEXT} for a pull request's
 */
record CiMessage(State state, String description, String targetUrl, String markdown, String context) {

    /** The status context (GitHub) or name (GitLab) of a branch commit's answer. */
    static final String CONTEXT = "hostgap";
    /**
     * The context of a pull request's answer (its head against its base): a commit that is both a
     * measured branch's head and a pull request's head gets both answers, side by side, instead of
     * one overwriting the other.
     */
    static final String PULL_REQUEST_CONTEXT = "hostgap/pull-request";
    /** GitHub cuts a status description at 140 characters. */
    static final int MAX_DESCRIPTION = 140;

    /** A commit status's state, in each provider's words. */
    enum State {
        PENDING("pending", "pending"),
        SUCCESS("success", "success"),
        FAILURE("failure", "failed"),
        /** No answer could be had (the job failed for good, judging failed): GitLab has no separate word for it. */
        ERROR("error", "failed");

        private final String github;
        private final String gitlab;

        State(String github, String gitlab) {
            this.github = github;
            this.gitlab = gitlab;
        }

        String github() {
            return github;
        }

        String gitlab() {
            return gitlab;
        }
    }

    /** What the status says, to skip sending the same status twice. */
    String statusKey() {
        return context + "|" + state.github() + "|" + description + "|" + targetUrl;
    }
}
