package dev.hostgap.platform.jobs;

import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Test helper: a project whose jobs only this test's runners lease (a label of its own), and the
 * calls of the runner protocol. Admin calls use the test admin token.
 */
final class JobApi {

    static final String ADMIN = "Bearer " + PlatformTest.ADMIN_TOKEN;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final MockMvc mvc;
    final String project;
    final String label;

    JobApi(MockMvc mvc, String projectPrefix, String labelPrefix) throws Exception {
        this.mvc = mvc;
        this.project = new Api(mvc).newProject(projectPrefix);
        this.label = labelPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(put("/api/v1/projects/" + project + "/ci").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"benchmarkCommand\":\"./bench.sh\",\"runnerLabels\":[\"" + label + "\"]}"))
                .andExpect(status().isOk());
    }

    /** Registers a runner with this test's label and returns its token. */
    String register(String name) throws Exception {
        return body(mvc.perform(post("/api/v1/runners").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"labels\":[\"" + label + "\"]}"))
                .andExpect(status().isCreated())).get("token").asString();
    }

    void enqueue(String sha) throws Exception {
        mvc.perform(post("/api/v1/projects/" + project + "/jobs").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"sha\":\"" + sha + "\"}")).andExpect(status().isCreated());
    }

    ResultActions lease(String token) throws Exception {
        return mvc.perform(post("/api/v1/jobs/lease").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"waitSeconds\":0}"));
    }

    ResultActions heartbeat(String token, long id) throws Exception {
        return mvc.perform(post("/api/v1/jobs/" + id + "/heartbeat").header("Authorization", "Bearer " + token));
    }

    ResultActions complete(String token, long id, String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs/" + id + "/complete").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    ResultActions fail(String token, long id, String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs/" + id + "/fail").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    static JsonNode body(ResultActions actions) throws Exception {
        return JSON.readTree(actions.andReturn().getResponse().getContentAsString());
    }
}
