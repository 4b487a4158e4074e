package dev.hostgap.platform;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * 1,200 generated uploads, each a valid run with one field replaced by a hostile value (huge, NUL,
 * unpaired surrogate, wrong type, nested object, extreme number, missing), and 400 generated query
 * strings against the read endpoints: never a 5xx, and nothing stored but the uploads answered 2xx,
 * each of them complete. Seeded, so a failure names a reproducible case.
 */
@PlatformTest
class HostileInputFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] HOSTILE_TEXT = {"", " ", "x".repeat(100_000), "a\u0000b", "\ud800", "../../etc/passwd",
            "'; drop table run; --", "<script>alert(1)</script>", "%00", "\u202e\u0301", "0".repeat(3000), "null"};
    private static final Object[] HOSTILE_NUMBERS = {-1, 0, 1.5, 1e308, -1e308, Long.MAX_VALUE, "1", true, "NaN"};

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void noGeneratedUploadOrQueryCausesA5xxOrLeavesAPartialRun() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("fuzz");
        SplittableRandom random = new SplittableRandom(20261128);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        long acceptedResults = 0;
        for (int i = 0; i < 1200; i++) {
            ObjectNode run = (ObjectNode) JSON.readTree(new Api.Run(project, sha(i + 1)).parent(sha(i + 100_000))
                    .result("launch.empty", "{\"args\":\"4\"}", "host_us", 3.5, 3.6, 3.4)
                    .result("fusion.fused", "{\"k\":\"20\"}", "host_us", 70, 71).json());
            String field = mutate(run, random);
            MockHttpServletResponse response = api.upload(JSON.writeValueAsString(run)).andReturn().getResponse();
            if (response.getStatus() >= 500) {
                failures.add("upload " + i + " (" + field + "): " + response.getStatus() + " " + response.getContentAsString());
            } else if (response.getStatus() / 100 == 2) {
                accepted++;
                acceptedResults += JSON.readTree(response.getContentAsString()).get("results").asInt();
            }
        }
        String[] paths = {"/compare?base=%s&head=%s", "/series?benchmark=%s&params=%s", "/regressions?status=%s&kind=%s",
                "/commits?branch=%s&limit=%s", "/thresholds?x=%s&y=%s", "/commits/%s/verdict?x=%s",
                "/series?benchmark=fusion.fused&limit=%s&before=%s", "/regressions?limit=%s&before=%s",
                "/series-index?q=%s&limit=%s", "/series-index?points=%s&q=%s", "/compare/samples?base=%s&series=%s",
                "/regressions?sort=%s&levels=%s", "/regressions?q=%s&environment=%s", "/regressions?status=open,%s&sort=%s",
                "/traces/compare?base=%s&head=%s&name=x", "/traces/compare?name=%s&base=%s", "/commits/%s/traces?x=%s",
                "/calibrations/%s?x=%s"};
        for (int i = 0; i < 700; i++) {
            String path = String.format(paths[random.nextInt(paths.length)], query(random), query(random));
            MockHttpServletResponse response = mvc.perform(get(URI.create("/api/v1/projects/" + project + path)))
                    .andReturn().getResponse();
            if (response.getStatus() >= 500) {
                failures.add("GET " + path + ": " + response.getStatus() + " " + response.getContentAsString());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(accepted).as("some mutations are harmless and must still be stored").isPositive();
        assertThat(count("select count(*) from run r join project p on p.id = r.project_id where p.name = ?", project))
                .isEqualTo(accepted);
        assertThat(count("select count(*) from result x join run r on r.id = x.run_id join project p on p.id = r.project_id "
                + "where p.name = ?", project)).isEqualTo(acceptedResults);
    }

    /** Replaces one field somewhere in the run with a hostile value; returns which, for the report. */
    private static String mutate(ObjectNode run, SplittableRandom random) {
        List<ObjectNode> holders = new ArrayList<>();
        collect(run, holders);
        ObjectNode holder = holders.get(random.nextInt(holders.size()));
        List<String> names = new ArrayList<>();
        holder.propertyNames().forEach(names::add);
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(6)) {
            case 0 -> holder.put(name, HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]);
            case 1 -> holder.putPOJO(name, HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)]);
            case 2 -> holder.putObject(name).put("nested", HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]);
            case 3 -> holder.putArray(name).add(1).add("two").addNull();
            case 4 -> holder.remove(name);
            default -> holder.putNull(name);
        }
        return name;
    }

    private static void collect(JsonNode node, List<ObjectNode> holders) {
        if (node instanceof ObjectNode object) {
            holders.add(object);
            object.values().forEach(child -> collect(child, holders));
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(child -> collect(child, holders));
        }
    }

    private static String query(SplittableRandom random) {
        String value = switch (random.nextInt(5)) {
            case 0 -> HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)];
            case 1 -> String.valueOf(HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)]);
            case 2 -> sha(random.nextInt(50));
            case 3 -> "a=b,c=" + "d".repeat(random.nextInt(5000));
            default -> "";
        };
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        return encoded.length() > 20_000 ? encoded.substring(0, 20_000) : encoded;
    }

    private long count(String sql, String project) {
        return jdbc.sql(sql).param(project).query(Long.class).single();
    }
}
