package dev.hostgap.platform.compare;

import java.util.List;

/** {@code GET /compare}: every series measured at base or head. */
public record CompareReport(String base, String head, List<CompareRow> rows) {

    public long count(String verdict) {
        return rows.stream().filter(r -> r.verdict().equals(verdict)).count();
    }
}
