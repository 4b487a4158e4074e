package dev.hostgap.platform.problem;

import java.util.List;
import java.util.Map;

import org.springframework.http.ProblemDetail;

/**
 * Thrown by any feature to answer with a ProblemDetail. Optional {@code errors} lists every field
 * that was wrong, so a client can fix all of them in one go.
 */
public class ApiProblem extends RuntimeException {

    private final ProblemType type;
    private final List<FieldProblem> errors;

    public ApiProblem(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiProblem(ProblemType type, String detail, List<FieldProblem> errors) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() {
        return type;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), getMessage());
        problem.setType(type.uri());
        problem.setTitle(type.title());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors.stream()
                    .map(e -> Map.of("field", e.field(), "type", e.type().uri().toString(), "message", e.message()))
                    .toList());
        }
        return problem;
    }

    /** One wrong field: a JSON path such as {@code results[3].samples[0]}, its kind and what to do. */
    public record FieldProblem(String field, ProblemType type, String message) {
    }
}
