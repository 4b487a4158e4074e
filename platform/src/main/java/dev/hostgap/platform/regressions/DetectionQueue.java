package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import dev.hostgap.platform.runs.Measurements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.hostgap.platform.runs.RunIngested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Judges stored runs off the upload's thread, so an upload answers at ingest speed. The queue is
 * the {@code run} table itself (runs with no {@code judged_at}), claimed with
 * {@code FOR UPDATE SKIP LOCKED}: any number of platform instances share the work, and runs left
 * by a crash are judged after the restart. A stored run wakes the worker at once; a slow poll
 * catches anything else.
 */
@Component
class DetectionQueue {

    private static final Logger log = LoggerFactory.getLogger(DetectionQueue.class);
    private static final int BATCH = 20;

    private final Measurements measurements;
    private final TransactionTemplate transactions;
    private final TransactionTemplate perRun;
    private final DetectionService detection;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "hostgap-detection"));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean stopping;
    private final Counter judgedRuns;
    private final Timer judgeTime;
    private final Timer readTime;
    private final ApplicationEventPublisher events;
    private final DetectionProperties properties;

    DetectionQueue(Measurements measurements, TransactionTemplate transactions, DetectionService detection,
                   MeterRegistry meters, ApplicationEventPublisher events, DetectionProperties properties) {
        this.events = events;
        this.properties = properties;
        this.measurements = measurements;
        this.perRun = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.perRun.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.transactions = transactions;
        this.detection = detection;
        // whether detection keeps up with ingest: the backlog should stay near zero under sustained uploads
        this.judgedRuns = Counter.builder("hostgap.detection.judged.runs")
                .description("Runs judged by regression detection").register(meters);
        this.judgeTime = Timer.builder("hostgap.detection.judge.time")
                .description("Time to judge one run (all its series), after its batch's shared read").register(meters);
        this.readTime = Timer.builder("hostgap.detection.read.time")
                .description("Time to read what a batch of runs is judged on (histories and run levels), once per batch").register(meters);
        Gauge.builder("hostgap.detection.backlog.runs", measurements, DetectionQueue::backlogOrNaN)
                .description("Runs stored and not judged yet").register(meters);
    }

    private static double backlogOrNaN(Measurements measurements) {
        try {
            return measurements.countUnjudged();
        } catch (RuntimeException e) {
            return Double.NaN; // database unreachable: the scrape must still answer
        }
    }

    @TransactionalEventListener
    public void onRunIngested(RunIngested event) {
        wake();
    }

    @Scheduled(fixedDelayString = "${hostgap.detection.poll-interval:5s}")
    public void poll() {
        wake();
    }

    private void wake() {
        if (!stopping && scheduled.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        try {
            while (!stopping && judgeBatch() > 0) {
                // keep going until no unjudged run is left; on shutdown, stop between batches
            }
        } catch (RuntimeException e) {
            log.error("Judging runs failed; they stay queued and are retried at the next poll", e);
        }
    }

    /** How judging one run ended: the commits whose answer moved, or why it failed. */
    private record Outcome(UUID run, Set<Long> changedCommits, String failure) {
    }

    /**
     * Claims up to {@link #BATCH} runs, oldest first, judges them and marks them judged, in one
     * transaction. A run whose judging fails is not marked judged: it is tried again after a backoff,
     * up to {@code judgeAttempts} times, and until then (and after the last) its commit's answer is an
     * error, never a pass.
     */
    int judgeBatch() {
        List<Outcome> outcomes = transactions.execute(status -> {
            List<UUID> runs = measurements.claimUnjudged(BATCH);
            detection.lockSeriesOf(runs);
            BatchReads reads = readTime.record(() -> readTogether(runs));
            List<Outcome> ended = new ArrayList<>();
            for (UUID run : runs) {
                Outcome outcome = judgeTime.record(() -> judgeOne(run, reads));
                if (outcome.failure() == null) {
                    measurements.requeueLaterRuns(run, properties.raiseWithinCommits());
                    measurements.markJudged(run);
                } else {
                    measurements.judgingFailed(run, outcome.failure(), properties.judgeAttempts(), properties.judgeBackoff());
                }
                ended.add(outcome);
            }
            return ended;
        });
        if (outcomes == null) {
            return 0;
        }
        judgedRuns.increment(outcomes.stream().filter(o -> o.failure() == null).count()); // counted, and announced, once the batch committed
        Set<Long> changed = new TreeSet<>();
        for (Outcome outcome : outcomes) {
            changed.addAll(outcome.changedCommits());
            publish(new RunJudged(outcome.run()));
        }
        if (!changed.isEmpty()) {
            publish(new ChangesRecorded(changed));
        }
        return outcomes.size();
    }

    private void publish(Object event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.error("A listener of {} failed", event, e);
        }
    }

    /**
     * What the batch's runs read once ({@link BatchReads}), in a savepoint; null when that failed:
     * each run then reads on its own, so that one run's bad data fails only that run.
     */
    private BatchReads readTogether(List<UUID> runs) {
        try {
            return perRun.execute(status -> detection.read(runs));
        } catch (RuntimeException e) {
            log.warn("Reading a batch of {} runs at once failed; each is read on its own", runs.size(), e);
            return null;
        }
    }

    /** One run in a savepoint of the batch's transaction: a failure rolls back only this run's judging. */
    private Outcome judgeOne(UUID run, BatchReads reads) {
        try {
            return new Outcome(run, perRun.execute(status -> reads == null ? detection.judge(run) : detection.judge(run, reads)), null);
        } catch (RuntimeException e) {
            log.error("Judging run {} failed; it is tried again after a backoff", run, e);
            // the innermost cause says what went wrong (the database's own message), not the SQL that was sent
            Throwable cause = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e);
            String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
            String reason = cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
            return new Outcome(run, Set.of(), reason);
        }
    }

    /** Finishes the batch in hand; what is left stays queued for the next start. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
