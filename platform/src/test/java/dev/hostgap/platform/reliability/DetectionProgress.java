package dev.hostgap.platform.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the {@code run} table of one project every 250 ms over JDBC: runs stored, runs judged at
 * least once ({@code first_judged_at}) and runs waiting to be judged ({@code judged_at is null}, which
 * includes runs queued again after a run of an earlier commit was judged late). With several
 * platform instances the queue is shared, so the database, not one instance's metrics, says how
 * fast detection went.
 */
final class DetectionProgress implements AutoCloseable {

    record Sample(long nanos, long stored, long judged, long backlog) {
    }

    private final Connection connection;
    private final PreparedStatement count;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    DetectionProgress(String jdbcUrl, String project) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        count = connection.prepareStatement("""
                select count(*), count(first_judged_at), count(*) filter (where judged_at is null)
                from run where project_id = (select id from project where name = ?)
                """);
        count.setString(1, project);
        sample();
        timer.scheduleAtFixedRate(this::sample, 250, 250, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            samples.add(new Sample(System.nanoTime(), rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        } catch (SQLException e) {
            // a missed sample; the next one a quarter second later counts the same rows
        }
    }

    /** The newest sample taken at or before {@code nanos} (the first one if none). */
    Sample at(long nanos) {
        synchronized (samples) {
            Sample found = samples.get(0);
            for (Sample s : samples) {
                if (s.nanos() <= nanos) {
                    found = s;
                }
            }
            return found;
        }
    }

    long maxBacklog(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                    .mapToLong(Sample::backlog).max().orElse(0);
        }
    }

    /** Waits until every stored run has been judged and none waits; the sample that showed it, or null after {@code timeout}. */
    Sample awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Sample last = latest();
            if (last.backlog() == 0 && last.judged() == last.stored()) {
                return last;
            }
            Thread.sleep(50);
        }
        return null;
    }

    Sample latest() {
        synchronized (samples) {
            return samples.get(samples.size() - 1);
        }
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        synchronized (this) {
            connection.close();
        }
    }
}
