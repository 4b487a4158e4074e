package dev.hostgap.platform.traces;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the uploaded files of traces older than {@code hostgap.traces.keep-raw-for}; their figures,
 * summaries and runs stay. Any instance may do it: rows are taken with SKIP LOCKED, a batch per transaction.
 */
@Component
class TraceRetention {

    private static final Logger log = LoggerFactory.getLogger(TraceRetention.class);
    private static final int BATCH = 20;

    private final TraceStore store;
    private final TransactionTemplate transactions;

    TraceRetention(TraceStore store, TransactionTemplate transactions) {
        this.store = store;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${hostgap.traces.retention-interval:1h}", initialDelayString = "${hostgap.traces.retention-interval:1h}")
    void dropExpiredFiles() {
        int dropped = 0;
        Integer batch;
        do {
            batch = transactions.execute(status -> store.dropExpiredFiles(BATCH));
            dropped += batch == null ? 0 : batch;
        } while (batch != null && batch == BATCH);
        if (dropped > 0) {
            log.info("Deleted the files of {} traces kept past hostgap.traces.keep-raw-for (their figures are kept)", dropped);
        }
    }
}
