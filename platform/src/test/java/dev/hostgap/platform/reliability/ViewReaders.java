package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent readers of the web UI's views, each a browser tab that never rests: it makes every
 * call of {@link #calls} in turn (starting at a different one than its neighbours) and starts over,
 * one call at a time, each to the next platform instance (no proxy: the clients alternate). Every
 * call is recorded with its latency to the last byte of the body and its answer. No think time: the
 * latencies are those of readers that keep the instances as busy as they can.
 */
final class ViewReaders {

    record Call(String name, String page, String path) {
    }

    /** One request: {@code status} 0 when no HTTP answer came ({@code failure} says why). */
    record Read(String call, String page, double millis, int status, String failure) {
    }

    private ViewReaders() {
    }

    /**
     * The calls the dashboard, compare, series, series index and run pages make (web/…/js), with
     * parameters from the measured project: its branch head, the head's parent, the 20 newest commits
     * (the dashboard asks for each one's verdict; one of them per round here), a run and a series.
     */
    static List<Call> calls(String project, List<String> newestShas, String runId, long seriesId, String benchmark,
                            String params, int round) {
        String p = "/api/v1/projects/" + project;
        String head = newestShas.get(0);
        String parent = newestShas.get(1);
        String verdictOf = newestShas.get(round % newestShas.size());
        return List.of(
                new Call("projects", "dashboard", "/api/v1/projects"),
                new Call("runsAll", "dashboard", p + "/runs?limit=200"),
                new Call("changesInbox", "dashboard", p + "/regressions?kind=all&sort=size&levels=16&limit=50"),
                new Call("newestOpenChange", "dashboard", p + "/regressions?kind=all&status=suspected,confirming,open&limit=1"),
                new Call("presentRegressions", "dashboard", p + "/regressions?kind=regression&status=open"),
                new Call("commits20", "dashboard", p + "/commits?branch=main&limit=20"),
                new Call("recentRuns", "dashboard", p + "/runs?branch=main&limit=20"),
                new Call("commitVerdict", "dashboard", p + "/commits/" + verdictOf + "/verdict"),
                new Call("commits200", "compare", p + "/commits?limit=200"),
                new Call("compareHeadToParent", "compare", p + "/compare?base=" + parent + "&head=" + head),
                new Call("compareSamples", "compare", p + "/compare/samples?base=" + parent + "&head=" + head + "&series=" + seriesId),
                new Call("seriesDefaultWindow", "series", p + "/series?benchmark=" + benchmark + "&metric=host_us&params=" + params),
                new Call("seriesChoices", "series", p + "/series-choices?benchmark=" + benchmark),
                new Call("commits1000", "series", p + "/commits?branch=main&limit=1000"),
                new Call("seriesChanges", "series", p + "/regressions?kind=all&benchmark=" + benchmark + "&limit=1000"),
                new Call("seriesIndex", "series index", p + "/series-index?limit=500&points=30&q="),
                new Call("runDetail", "run", "/api/v1/runs/" + runId));
    }

    /** Runs {@code readers} readers for {@code duration} and returns every read begun within it. */
    static List<Read> run(List<String> baseUrls, List<List<Call>> rounds, int readers, Duration duration)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(readers);
        for (int r = 0; r < readers; r++) {
            int reader = r;
            threads.execute(() -> read(http, baseUrls, rounds, reader, end, reads));
        }
        threads.shutdown();
        if (!threads.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
        return new ArrayList<>(reads);
    }

    private static void read(HttpClient http, List<String> baseUrls, List<List<Call>> rounds, int reader, long end,
                             ConcurrentLinkedQueue<Read> reads) {
        int perRound = rounds.get(0).size();
        for (long k = (long) reader * 3; System.nanoTime() < end; k++) {
            Call call = rounds.get((int) ((k / perRound) % rounds.size())).get((int) (k % perRound));
            String baseUrl = baseUrls.get((int) ((reader + k) % baseUrls.size()));
            long start = System.nanoTime();
            int status = 0;
            String failure = null;
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                status = answer.statusCode();
                if (status != 200) {
                    failure = answer.body().length() > 200 ? answer.body().substring(0, 200) : answer.body();
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reads.add(new Read(call.name(), call.page(), (System.nanoTime() - start) / 1e6, status, failure));
        }
    }
}
