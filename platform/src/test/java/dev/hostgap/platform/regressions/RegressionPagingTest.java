package dev.hostgap.platform.regressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The regressions list a page at a time: five regressions, detected in one run, paged by two. */
@PlatformTest
class RegressionPagingTest {

    private static final int SERIES = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    Api api;
    String project;
    String list;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(mvc);
        project = api.newProject("paging");
        list = "/api/v1/projects/" + project + "/regressions";
        for (int n = 1; n <= 13; n++) {
            Run run = new Run(project, sha(n)).at(String.format(Locale.ROOT, "2026-01-01T%02d:00:00Z", n));
            double level = n == 13 ? 110 : 100;
            for (int s = 0; s < SERIES; s++) {
                double[] forks = new double[5];
                for (int f = 0; f < forks.length; f++) {
                    forks[f] = level * (1 + (((n * 7 + f * 3 + s) % 7) - 3) * 0.001);
                }
                run.result("launch.enqueue", "{\"args\":\"" + s + "\"}", "host_us", forks);
            }
            api.upload((n > 1 ? run.parent(sha(n - 1)) : run).json()).andExpect(status().isCreated());
            Api.awaitJudged(jdbc, project);
        }
    }

    @Test
    void pagesNewestFirstAndLinksEachPageToTheNext() throws Exception {
        List<Long> unpaged = ids(api.get(list).andExpect(header().doesNotExist("Link"))
                .andExpect(header().string("X-Total-Count", "5")).andReturn().getResponse());
        assertThat(unpaged).hasSize(SERIES).doesNotHaveDuplicates();

        List<Long> paged = new ArrayList<>();
        String next = list + "?limit=2";
        List<Integer> sizes = new ArrayList<>();
        while (next != null) {
            MockHttpServletResponse page = api.get(next).andExpect(status().isOk())
                    .andExpect(header().string("X-Total-Count", "5")).andReturn().getResponse();
            List<Long> ids = ids(page);
            sizes.add(ids.size());
            paged.addAll(ids);
            String link = page.getHeader("Link");
            next = link == null ? null : link.substring(1, link.indexOf(">; rel=\"next\""));
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(paged).isEqualTo(unpaged);
    }

    @Test
    void filtersByBenchmarkAndCountsOverAllPages() throws Exception {
        api.get(list + "?benchmark=launch.enqueue&limit=1")
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(header().string("X-Total-Count", "5"));
        api.get(list + "?benchmark=launch.other")
                .andExpect(jsonPath("$", hasSize(0)))
                .andExpect(header().string("X-Total-Count", "0"))
                .andExpect(header().doesNotExist("Link"));
    }

    @Test
    void refusesHostilePagingValues() throws Exception {
        for (String bad : new String[] {"limit=0", "limit=-1", "limit=1001", "limit=1000000000000", "limit=two",
                "limit=2%00", "before=abc", "before=-1", "before=0", "before=1000000000000",
                "before=99999999999999999999", "before=1%00", "before=1.5"}) {
            api.get(list + "?" + bad)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type", is("/problems/invalid-parameter")));
        }
    }

    private static List<Long> ids(MockHttpServletResponse response) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode node : JSON.readTree(response.getContentAsString())) {
            ids.add(node.get("id").asLong());
        }
        return ids;
    }
}
