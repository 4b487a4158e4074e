package dev.hostgap.platform.traces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns the trace's names (kernels, operators, Python frames, runtime calls) to small ints so events
 * hold an id, not a string. Past {@code limit} distinct names every new name shares the id of
 * {@link #OVERFLOW}: a trace with millions of distinct names is still analysed, with those names merged.
 */
final class NameTable {

    static final String OVERFLOW = "(other names past the limit)";

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final int limit;
    private int overflowId = -1;

    NameTable(int limit) {
        this.limit = limit;
    }

    int intern(String name) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        if (names.size() >= limit) {
            if (overflowId < 0) {
                overflowId = names.size();
                names.add(OVERFLOW);
            }
            return overflowId;
        }
        int fresh = names.size();
        ids.put(name, fresh);
        names.add(name);
        return fresh;
    }

    String name(int id) {
        return names.get(id);
    }
}
