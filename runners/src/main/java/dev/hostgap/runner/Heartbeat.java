package dev.hostgap.runner;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Renews a job's lease every third of its length from lease to result, so one missed beat does not
 * lose it. A 409 marks the lease lost and tells the agent once; network trouble is tried again at
 * the next beat, since the lease may well still hold.
 */
final class Heartbeat implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean lost;

    Heartbeat(JobClient client, Job job, Consumer<Job> onLost) {
        long leaseSeconds = job.leaseSeconds() > 0 ? job.leaseSeconds() : 60;
        long periodMillis = Math.max(200, leaseSeconds * 1000 / 3);
        timer.scheduleAtFixedRate(() -> {
            if (!lost && client.heartbeat(job.id()) == JobClient.Lease.LOST) {
                lost = true;
                onLost.accept(job);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
