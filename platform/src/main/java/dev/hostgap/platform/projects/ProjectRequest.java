package dev.hostgap.platform.projects;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ApiProblem.FieldProblem;
import dev.hostgap.platform.problem.ProblemType;

/** Body of {@code POST /api/v1/projects}; {@code statusRepository} as in {@link CiSettingsRequest}. */
record ProjectRequest(String name, String repoUrl, String defaultBranch, String webhookSecret, List<String> runnerLabels,
                      String statusRepository) {

    /** Project names appear in URLs, so they stay URL-safe. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    ProjectRequest {
        runnerLabels = runnerLabels == null ? List.of() : List.copyOf(runnerLabels);
    }

    void validate() {
        List<FieldProblem> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(new FieldProblem("name", ProblemType.MISSING_FIELD, "name is required"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(new FieldProblem("name", ProblemType.INVALID_FIELD,
                    "name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (repoUrl == null || repoUrl.isBlank()) {
            errors.add(new FieldProblem("repoUrl", ProblemType.MISSING_FIELD, "repoUrl is required"));
        } else if (!RepositoryUrls.accepted(repoUrl)) {
            errors.add(new FieldProblem("repoUrl", ProblemType.INVALID_FIELD, "repoUrl must be a repository URL: "
                    + RepositoryUrls.ACCEPTED_FORMS + "; with a host and a path, at most " + RepositoryUrls.MAX_LENGTH
                    + " characters, no spaces or control characters, no password (projects are listed publicly)"));
        } else if (webhookSecret != null && statusRepository == null && RepositoryUrls.statusRepository(repoUrl).isEmpty()) {
            errors.add(CiSettingsRequest.missingStatusRepository(repoUrl));
        }
        CiSettingsRequest.checkStatusRepository(statusRepository, errors);
        if (defaultBranch == null || defaultBranch.isBlank()) {
            errors.add(new FieldProblem("defaultBranch", ProblemType.MISSING_FIELD, "defaultBranch is required"));
        }
        if (webhookSecret != null && (webhookSecret.length() < 16 || webhookSecret.length() > 256)) {
            errors.add(new FieldProblem("webhookSecret", ProblemType.INVALID_FIELD,
                    "webhookSecret must be 16 to 256 characters (openssl rand -hex 32)"));
        }
        if (runnerLabels.stream().anyMatch(l -> l == null || l.isBlank())) {
            errors.add(new FieldProblem("runnerLabels", ProblemType.INVALID_FIELD, "runner labels must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(errors.get(0).type(), "The project is not valid: " + errors.get(0).message() + ".", errors);
        }
    }
}
