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
    /** Longer names are cut here: a kernel's demangled name is rarely past a few hundred characters. */
    static final int MAX_NAME = 1000;
    /** Characters all kept names may hold together; past it new names share {@link #OVERFLOW} as past {@code limit}. */
    static final long MAX_CHARACTERS = 64L << 20;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final int limit;
    private int overflowId = -1;
    private long characters;

    NameTable(int limit) {
        this.limit = limit;
    }

    int intern(String full) {
        String name = full.length() <= MAX_NAME ? full : full.substring(0, MAX_NAME) + "…";
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        if (names.size() >= limit || characters + name.length() > MAX_CHARACTERS) {
            if (overflowId < 0) {
                overflowId = names.size();
                names.add(OVERFLOW);
            }
            return overflowId;
        }
        int fresh = names.size();
        characters += name.length();
        ids.put(name, fresh);
        names.add(name);
        return fresh;
    }

    String name(int id) {
        return names.get(id);
    }
}
