package dev.hostgap.platform.projects;

import java.util.ArrayList;
import java.util.List;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ApiProblem.FieldProblem;
import dev.hostgap.platform.problem.ProblemType;

/** Body of {@code PUT /api/v1/projects/{p}/ci}; an absent field keeps its current value. */
record CiSettingsRequest(String webhookSecret, String benchmarkCommand, Integer timeoutSeconds,
                         List<String> measuredBranches, List<String> runnerLabels, String statusRepository,
                         String forkPullRequests) {

    static final String STATUS_REPOSITORY_FORMS = "GitHub's owner/repo, GitLab's group/project (subgroups included) "
            + "or GitLab's numeric project id";

    void validate() {
        List<FieldProblem> errors = new ArrayList<>();
        if (webhookSecret != null && (webhookSecret.length() < 16 || webhookSecret.length() > 256)) {
            errors.add(new FieldProblem("webhookSecret", ProblemType.INVALID_FIELD,
                    "webhookSecret must be 16 to 256 characters (openssl rand -hex 32)"));
        }
        if (benchmarkCommand != null && (benchmarkCommand.isBlank() || benchmarkCommand.length() > 4000
                || benchmarkCommand.indexOf('\0') >= 0)) {
            errors.add(new FieldProblem("benchmarkCommand", ProblemType.INVALID_FIELD,
                    "benchmarkCommand must be 1 to 4,000 characters"));
        }
        if (timeoutSeconds != null && (timeoutSeconds < 60 || timeoutSeconds > 86_400)) {
            errors.add(new FieldProblem("timeoutSeconds", ProblemType.INVALID_FIELD, "timeoutSeconds must be 60 to 86400"));
        }
        checkStatusRepository(statusRepository, errors);
        if (forkPullRequests != null && ForkPullRequests.fromWireName(forkPullRequests).isEmpty()) {
            errors.add(new FieldProblem("forkPullRequests", ProblemType.INVALID_FIELD,
                    "forkPullRequests must be never, after_approval or always"));
        }
        checkNames("measuredBranches", measuredBranches, errors);
        checkNames("runnerLabels", runnerLabels, errors);
        throwIfAny(errors);
    }

    /**
     * A project that takes webhooks sends commit statuses, so it needs a repository a provider can
     * take: refused when this request sets the secret or the command of such a project and neither
     * it nor the project's repoUrl names one (a {@code file://} URL does not).
     */
    void requireStatusTarget(CiProject current) {
        boolean takesWebhooks = webhookSecret != null || current.webhookSecret() != null;
        if ((webhookSecret != null || benchmarkCommand != null) && takesWebhooks && statusRepository == null
                && current.statusRepository() == null) {
            throwIfAny(List.of(missingStatusRepository(current.repoUrl())));
        }
    }

    static void checkStatusRepository(String statusRepository, List<FieldProblem> errors) {
        if (statusRepository != null && !RepositoryUrls.isStatusRepository(statusRepository)) {
            errors.add(new FieldProblem("statusRepository", ProblemType.INVALID_FIELD,
                    "statusRepository must be " + STATUS_REPOSITORY_FORMS));
        }
    }

    static FieldProblem missingStatusRepository(String repoUrl) {
        return new FieldProblem("statusRepository", ProblemType.MISSING_FIELD, "statusRepository is required with a "
                + "webhook secret when repoUrl names no repository GitHub or GitLab can take (" + repoUrl
                + "): set it to " + STATUS_REPOSITORY_FORMS + ", where commit statuses and pull request comments go");
    }

    private static void throwIfAny(List<FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw new ApiProblem(errors.get(0).type(), "The CI settings are not valid: " + errors.get(0).message() + ".", errors);
        }
    }

    private static void checkNames(String field, List<String> names, List<FieldProblem> errors) {
        if (names == null) {
            return;
        }
        if (names.size() > 50 || names.stream().anyMatch(n -> n == null || n.isBlank() || n.length() > 200
                || n.indexOf('\0') >= 0)) {
            errors.add(new FieldProblem(field, ProblemType.INVALID_FIELD,
                    field + " takes at most 50 names of 1 to 200 characters"));
        }
    }
}
