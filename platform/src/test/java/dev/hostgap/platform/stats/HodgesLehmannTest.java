package dev.hostgap.platform.stats;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The selection algorithm gives exactly what sorting every pair average gives. */
class HodgesLehmannTest {

    /** The definition: every pair average (each value with itself too), sorted, the middle rank interpolated. */
    static double byAllPairs(double[] values) {
        int n = values.length;
        if (n <= 2) {
            return n == 2 ? (values[0] + values[1]) / 2 : SampleSummary.median(values);
        }
        double[] walsh = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                walsh[k++] = (values[i] + values[j]) / 2;
            }
        }
        Arrays.sort(walsh);
        return SampleSummary.percentile(walsh, 0.5);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void equalsTheAllPairsDefinitionOnContinuousTiedAndSkewedValues(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 220; trial++) {
            int n = 1 + random.nextInt(trial < 200 ? 40 : 700);
            double[] values = new double[n];
            int kind = trial % 4;
            for (int i = 0; i < n; i++) {
                values[i] = switch (kind) {
                    case 0 -> 3.8 + 0.2 * gaussian(random);                   // a launch series' run levels
                    case 1 -> random.nextInt(4);                               // heavy ties
                    case 2 -> Math.exp(3 * gaussian(random)) - 5;              // skewed, both signs
                    default -> i % 7 == 0 ? 1e6 * random.nextDouble() : 1.0;   // mostly equal, a few wild
                };
            }
            assertThat(SampleSummary.hodgesLehmann(values)).as("n=%d kind=%d trial=%d", n, kind, trial)
                    .isEqualTo(byAllPairs(values));
        }
    }

    @Test
    void allEqualValuesAreTheirOwnLevelAndOrderDoesNotMatter() {
        double[] same = new double[10_001];
        Arrays.fill(same, 0.6456);
        assertThat(SampleSummary.hodgesLehmann(same)).isEqualTo(0.6456);
        double[] values = {5, 1, 4, 2, 3, 100};
        double[] reversed = {100, 3, 2, 4, 1, 5};
        assertThat(SampleSummary.hodgesLehmann(values)).isEqualTo(SampleSummary.hodgesLehmann(reversed)).isEqualTo(byAllPairs(values));
    }

    /** Sums that would overflow a double: the values are scaled by a power of two first, so the level is still exact. */
    @Test
    void valuesNearTheLargestDoubleNeitherHangNorOverflow() {
        double[][] cases = {
            {-8e307, -7e307, -1, 0, 1, 2, 3, 7e307, 8e307, 8e307},
            {1, 2, 3, 4, 5, 6, 7, 8, Double.MAX_VALUE},
            {-1e308, -1e308, 1, 2, 3, 4, 5, 1e308, 1e308},
            {1e308, 1.2e308, 1.1e308, 1.3e308, 1.05e308, 1.15e308, 1.25e308, 1.01e308, 1.02e308},
        };
        double[] expected = {1.5, 5.0, 2.5, 1.125e308};
        for (int c = 0; c < cases.length; c++) {
            double[] values = cases[c];
            double level = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SampleSummary.hodgesLehmann(values));
            assertThat(level).as("case %d", c).isCloseTo(expected[c], org.assertj.core.api.Assertions.withinPercentage(1e-9));
        }
        // where no sum overflows, scaling changes nothing: the all-pairs definition, exactly
        double[] large = {0x1p1021, 0x1.8p1021, 0x1.4p1021, 3, 0x1.1p1021, 0x1.9p1020, 0x1.2p1021, 1, 0x1.3p1021};
        assertThat(SampleSummary.hodgesLehmann(large)).isEqualTo(byAllPairs(large));
    }

    @Test
    void refusesValuesThatAreNotNumbers() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] values = {1, 2, 3, 4, 5, 6, 7, 8, bad};
            assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SampleSummary.hodgesLehmann(values)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        }
    }

    /** 200,000 values (20 billion pairs, never formed): the level of a symmetric sample sits at its centre. */
    @Test
    void handlesSamplesFarBeyondWhatPairsCouldHold() {
        SplittableRandom random = new SplittableRandom(42);
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + gaussian(random);
        }
        assertThat(SampleSummary.hodgesLehmann(values)).isBetween(9.99, 10.01);
        double[] withWild = values.clone();
        for (int i = 0; i < 20_000; i++) {
            withWild[i] = 1e9; // 10% wild values move it a little, not to the wild value
        }
        assertThat(SampleSummary.hodgesLehmann(withWild)).isBetween(10.0, 10.5);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
