package dev.hostgap.platform.traces;

import java.util.regex.Pattern;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;

/** A trace's name is its series' benchmark name: letters, digits, '.', '_' and '-', as a file name allows. */
final class TraceNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private TraceNames() {
    }

    static void requireValid(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "name must be 1 to 100 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (it names the trace's series, e.g. decode-step), not '"
                    + (name == null ? "" : name.length() > 100 ? name.substring(0, 100) + "…" : name) + "'.");
        }
    }
}
