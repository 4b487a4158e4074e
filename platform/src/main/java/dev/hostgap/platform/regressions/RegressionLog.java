package dev.hostgap.platform.regressions;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every status change of a regression, kept: who, when, why, from which status to which. */
@Repository
class RegressionLog {

    private final JdbcClient jdbc;

    RegressionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Event(String from, String to, String by, String reason, OffsetDateTime at) {
    }

    void record(long regressionId, String from, String to, String by, String reason) {
        jdbc.sql("insert into regression_event (regression_id, from_status, to_status, changed_by, reason) values (?, ?, ?, ?, ?)")
                .params(regressionId, from, to, by, reason).update();
    }

    List<Event> history(long regressionId) {
        return jdbc.sql("""
                        select from_status, to_status, changed_by, reason, changed_at from regression_event
                        where regression_id = ? order by id
                        """).param(regressionId)
                .query((rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }
}
