package dev.hostgap.platform;

import java.util.Arrays;
import java.util.Random;

import tools.jackson.databind.JsonNode;

/**
 * Replays a real run's result as a new run of it: a smoothed bootstrap. The drawn run's forks move
 * together by the run's own standard error (its forks' spread over the root of their count), so that a
 * history replayed from a few real runs has run levels that are not those few values only, and are then
 * scaled by {@code factor} (a step the test injects). One Gaussian draw per result.
 */
public final class RunJitter {

    private RunJitter() {
    }

    public static double[] jittered(JsonNode samples, double factor, Random random) {
        double[] forks = new double[samples.size()];
        for (int f = 0; f < forks.length; f++) {
            forks[f] = samples.get(f).asDouble();
        }
        double jitter = 1 + random.nextGaussian() * standardError(forks);
        return Arrays.stream(forks).map(fork -> fork * factor * jitter).toArray();
    }

    /** A run's standard error relative to its level: its forks' standard deviation over the root of their count, over their mean. */
    static double standardError(double[] forks) {
        double mean = Arrays.stream(forks).average().orElse(0);
        if (forks.length < 2 || mean == 0) {
            return 0;
        }
        double variance = Arrays.stream(forks).map(f -> (f - mean) * (f - mean)).sum() / (forks.length - 1);
        return Math.sqrt(variance / forks.length) / Math.abs(mean);
    }
}
