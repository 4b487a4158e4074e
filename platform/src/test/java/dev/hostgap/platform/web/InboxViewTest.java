package dev.hostgap.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changes inbox at the top of a project's dashboard, on six changes detection found in uploaded
 * runs, three of them triaged (acknowledged, fixed, false positive): above the commits, the newest open
 * change in the first screen, ordered by size over threshold, filterable, every sha a link, and on a phone.
 */
class InboxViewTest extends UiTestSupport {

    /** A series stepped at a commit of the chain by a factor. */
    private record Step(String benchmark, String params, int at, double factor) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("launch.enqueue", "{\"args\":\"0\"}", 8, 1.40),
            new Step("memcpy.h2d", "{\"bytes\":\"4096\"}", 9, 1.30),
            new Step("launch.empty", "{\"args\":\"1\"}", 10, 1.20),
            new Step("graph.replay", "{\"nodes\":\"64\"}", 11, 0.75),
            new Step("launch.enqueue", "{\"args\":\"4\"}", 12, 1.12),
            new Step("launch.sync", "{\"streams\":\"2\"}", 14, 1.25));
    private static final int COMMITS = 17;

    @Test
    void theInboxListsEveryChangeFirstOrderedBySizeFilterableAndLinked() throws Exception {
        String project = data.newProject("inbox");
        List<String> shas = uploadChain(project);
        String list = "/api/v1/projects/" + project + "/regressions?kind=all";
        assertThat(data.get(list)).as("one change per stepped series").hasSize(STEPS.size());
        triage(project, "launch.enqueue", "args", "0", "acknowledged");
        triage(project, "memcpy.h2d", "bytes", "4096", "fixed");
        triage(project, "launch.empty", "args", "1", "false_positive");
        JsonNode newest = data.get(list + "&status=suspected,confirming,open&limit=1").get(0);
        assertThat(newest.get("firstBadCommit").asString()).isEqualTo(shas.get(14));

        viewport(1440, 900, false);
        ui.open("#/p/" + project, "#inbox-list");
        ui.waitFor("#runs");
        assertThat(top("#inbox")).as("the inbox is above the commit rows").isLessThan(top("#commits"));

        // the newest open change's commit, size and threshold in the first 1440 x 900 screen
        WebElement line = ui.find("#newest-open");
        assertThat(line.getDomAttribute("data-id")).isEqualTo(newest.get("id").asString());
        WebElement commit = line.findElement(By.cssSelector("a.commit"));
        assertThat(commit.getDomAttribute("href")).isEqualTo("#/p/" + project + "/commits/" + shas.get(14));
        assertThat(line.getText()).contains("enqueue: change 14",
                String.format(Locale.ROOT, "%+.2f%%", newest.get("changePercent").asDouble()),
                String.format(Locale.ROOT, "threshold ±%.2f%%", newest.get("thresholdPercent").asDouble()));
        for (String part : List.of("a.commit", ".size", ".threshold")) {
            assertThat(bottom("#newest-open " + part)).as(part + " of the newest open change without scrolling").isLessThanOrEqualTo(900);
        }
        ui.screenshot("inbox");

        // every state, those awaiting a decision first, each group by size over threshold
        List<WebElement> rows = ui.all("#inbox-list li.inbox-row");
        assertThat(rows).hasSize(STEPS.size());
        List<String> statuses = rows.stream().map(r -> r.getDomAttribute("data-status")).toList();
        assertThat(statuses.subList(3, 6)).containsExactlyInAnyOrder("acknowledged", "fixed", "false_positive");
        assertThat(statuses.subList(0, 3)).allMatch(s -> List.of("suspected", "confirming", "open").contains(s));
        for (List<WebElement> group : List.of(rows.subList(0, 3), rows.subList(3, 6))) {
            List<Double> sizes = group.stream().map(r -> Double.parseDouble(r.getDomAttribute("data-size"))).toList();
            assertThat(sizes).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        }
        WebElement acknowledged = ui.find("#inbox-list li[data-status=acknowledged]");
        assertThat(acknowledged.getText()).contains("launch.enqueue v1 args=0", "+40", "enqueue: change 8", "us");
        assertThat(acknowledged.findElements(By.cssSelector("svg.spark polyline"))).hasSize(1);
        assertThat(acknowledged.findElements(By.cssSelector("svg.spark circle.first-bad"))).hasSize(1);

        // filters narrow the list: state, kind, benchmark text
        new Select(ui.find("#inbox-state")).selectByValue("fixed");
        ui.waitUntil(d -> statuses().equals(List.of("fixed")));
        new Select(ui.find("#inbox-state")).selectByValue("suspected,confirming,open");
        ui.waitUntil(d -> statuses().size() == 3);
        new Select(ui.find("#inbox-kind")).selectByValue("improvement");
        ui.waitUntil(d -> statuses().size() == 1);
        assertThat(ui.find("#inbox-list").getText()).contains("graph.replay v1 nodes=64");
        new Select(ui.find("#inbox-state")).selectByValue("");
        new Select(ui.find("#inbox-kind")).selectByValue("all");
        ui.waitUntil(d -> statuses().size() == STEPS.size());
        ui.find("#inbox-search").sendKeys("MEMCPY");
        ui.waitUntil(d -> statuses().equals(List.of("fixed")));
        assertThat(ui.find("#inbox-list").getText()).contains("memcpy.h2d v1 bytes=4096");
        ui.find("#inbox-search").sendKeys("-nothing");
        ui.waitFor("#inbox-none");

        // every sha on the dashboard is a link
        List<?> bare = (List<?>) ui.script("""
                return [...document.querySelectorAll('main *')].filter(e => e.children.length === 0
                  && /^[0-9a-f]{7,40}$/.test(e.textContent.trim()) && !e.closest('a')).map(e => e.outerHTML);""");
        assertThat(bare).as("shas that are not links").isEmpty();
        ui.assertNoErrors("inbox");

        // a sha opens its commit page
        ui.open("#/p/" + project, "#inbox-list");
        ui.find("#inbox-list li[data-status=acknowledged] a.commit").click();
        ui.waitFor("#commit-sha");
        assertThat(ui.driver.getCurrentUrl()).endsWith("#/p/" + project + "/commits/" + shas.get(8));

        // on a phone: the state and the change in the width, nothing to scroll sideways
        ui.phone();
        ui.open("#/p/" + project, "#inbox-list");
        ui.waitFor("#runs");
        assertThat(ui.overflowsHorizontally()).as("the dashboard fits 390 px").isFalse();
        for (String part : List.of(".verdict-cell .status", ".change-cell .size")) {
            assertThat(right("#inbox-list li.inbox-row " + part)).as(part + " within 390 px").isLessThanOrEqualTo(390);
        }
        ui.screenshot("inbox-phone");
        ui.assertNoErrors("inbox on a phone");
    }

    /** The chain: one run a commit, each judged before the next; each series of {@link #STEPS} moves at its commit. */
    private List<String> uploadChain(String project) throws Exception {
        List<String> shas = new ArrayList<>();
        for (int n = 0; n < COMMITS; n++) {
            String sha = UiData.sha1(project + " inbox " + n);
            List<String> results = new ArrayList<>();
            for (int s = 0; s < STEPS.size(); s++) {
                Step step = STEPS.get(s);
                double level = 10.0 * (s + 1) * (n >= step.at() ? step.factor() : 1);
                StringBuilder forks = new StringBuilder();
                for (int f = 0; f < 5; f++) {
                    forks.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f",
                            level * (1 + (((n * 7 + f * 3 + s) % 7) - 3) * 0.001)));
                }
                results.add("""
                        {"benchmark":"%s","version":1,"params":%s,"metric":"host_us_per_op","unit":"us",
                         "direction":"lower_is_better","samples":[%s]}""".formatted(step.benchmark(), step.params(), forks));
            }
            data.send("POST", "/api/v1/runs", """
                    {"schemaVersion":"1.0","runId":"%s","project":"%s",
                     "commit":{"sha":"%s","branch":"main","parents":[%s],"timestamp":"%s","message":"enqueue: change %d"},
                     "environment":%s,"results":[%s]}
                    """.formatted(UUID.randomUUID(), project, sha, shas.isEmpty() ? "" : "\"" + shas.get(n - 1) + "\"",
                    String.format(Locale.ROOT, "2026-12-02T%02d:00:00Z", n), n, UiData.ENVIRONMENT, String.join(",", results)), 201);
            shas.add(sha);
            data.awaitJudged(project, shas.size());
        }
        return shas;
    }

    private void triage(String project, String benchmark, String param, String value, String status) throws Exception {
        for (JsonNode r : data.get("/api/v1/projects/" + project + "/regressions?kind=all&benchmark=" + benchmark)) {
            if (r.get("params").get(param).asString().equals(value)) {
                data.send("PATCH", "/api/v1/regressions/" + r.get("id").asLong(), "{\"status\":\"" + status + "\"}", 200);
                return;
            }
        }
        throw new AssertionError("no change of " + benchmark + " " + param + "=" + value);
    }

    private List<String> statuses() {
        return ui.all("#inbox-list li.inbox-row").stream().map(r -> r.getDomAttribute("data-status")).toList();
    }

    private double top(String css) {
        return ((Number) ui.script("return document.querySelector(arguments[0]).getBoundingClientRect().top", css)).doubleValue();
    }

    private double bottom(String css) {
        return ((Number) ui.script("return document.querySelector(arguments[0]).getBoundingClientRect().bottom", css)).doubleValue();
    }

    private double right(String css) {
        return ((Number) ui.script("return document.querySelector(arguments[0]).getBoundingClientRect().right", css)).doubleValue();
    }

    private void viewport(int width, int height, boolean mobile) {
        ui.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }
}
