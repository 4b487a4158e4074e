package dev.hostgap.platform.support;

import jakarta.servlet.http.HttpServletRequest;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;

/**
 * Who sent a request: an admin, a project's upload token, or nobody (public reads). The security
 * feature's bearer filter puts it on the request; controllers ask it whether the caller may do what it asks.
 */
public record Caller(String name, boolean admin, Long projectId, Long runnerId) {

    public static final String ATTRIBUTE = Caller.class.getName();
    public static final Caller ANONYMOUS = new Caller("anonymous", false, null, null);

    public Caller(String name, boolean admin, Long projectId) {
        this(name, admin, projectId, null);
    }

    public static Caller runner(long id, String name) {
        return new Caller(name, false, null, id);
    }

    /** The runner this request comes from; other callers may not lease or report jobs. */
    public long requireRunner() {
        if (runnerId == null) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "This needs a runner token (POST /api/v1/runners); '"
                    + name + "' is not one.");
        }
        return runnerId;
    }

    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        return caller instanceof Caller c ? c : ANONYMOUS;
    }

    public void requireAdmin() {
        if (!admin) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "This needs an admin token; '" + name + "' is not one.");
        }
    }

    /** Admins may write to every project; an upload token only to its own. */
    public void requireWriteAccess(long project, String projectName) {
        if (!admin && (projectId == null || projectId != project)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Token '" + name + "' may not write to project '"
                    + projectName + "'; use that project's upload token or an admin token.");
        }
    }
}
