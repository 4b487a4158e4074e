package dev.hostgap.platform.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Returns jobs whose runner stopped sending heartbeats (killed, lost its network) to the queue.
 * Every platform instance runs it; {@code SKIP LOCKED} keeps two from expiring one lease twice.
 */
@Component
class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final JobQueue queue;

    LeaseReaper(JobQueue queue) {
        this.queue = queue;
    }

    @Scheduled(fixedDelayString = "${hostgap.jobs.reap-interval:5s}")
    void expireLeases() {
        try {
            int expired = queue.expireLeases();
            if (expired > 0) {
                log.info("{} job leases expired; those jobs are queued again (or failed after their last attempt)", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Expiring job leases failed; retried at the next interval: {}", e.getMessage());
        }
    }
}
