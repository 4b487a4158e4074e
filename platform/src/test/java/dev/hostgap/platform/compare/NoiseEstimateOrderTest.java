package dev.hostgap.platform.compare;

import java.time.Instant;

import dev.hostgap.platform.stats.RunNoise;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory estimates keep the later read of a series: a compare or refresh that read the series
 * before a run of it committed and finishes after the run's own refresh must not put back the estimate
 * without the run (CompareTest met that race when each upload was refreshed in the background).
 */
class NoiseEstimateOrderTest {

    private static final Instant T = Instant.parse("2026-12-07T22:00:00Z");

    private static NoiseCache.Estimate readAt(Instant at, double sigma) {
        return new NoiseCache.Estimate(new RunNoise(sigma, 10), 3.5, 0, at);
    }

    @Test
    void theLaterReadIsKeptWhicheverArrivesFirst() {
        NoiseCache.Estimate early = readAt(T, 0.1);
        NoiseCache.Estimate late = readAt(T.plusMillis(5), 0.2);
        assertThat(NoiseCache.Estimate.later(early, late)).isSameAs(late);
        assertThat(NoiseCache.Estimate.later(late, early)).isSameAs(late);
    }

    @Test
    void aReadBeganBeforeACommitNeverReplacesItsMarkOfChange() {
        NoiseCache.Estimate changed = NoiseCache.Estimate.changedAt(T);
        assertThat(NoiseCache.Estimate.later(changed, readAt(T.minusMillis(1), 0.1))).isSameAs(changed);
        NoiseCache.Estimate after = readAt(T.plusMillis(1), 0.2);
        assertThat(NoiseCache.Estimate.later(changed, after)).isSameAs(after);
        assertThat(NoiseCache.Estimate.later(after, changed)).isSameAs(after);
    }
}
