package dev.hostgap.platform.projects;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class ProjectTest {

    @Autowired
    MockMvc mvc;

    @Test
    void createsAndListsProjectsWithoutRevealingWebhookSecret() throws Exception {
        mvc.perform(post("/api/v1/projects").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"listed-project\",\"repoUrl\":\"https://github.com/acme/engine.git\","
                                + "\"defaultBranch\":\"main\",\"webhookSecret\":\"s3cret-s3cret-s3cret\",\"runnerLabels\":[\"h100\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.runnerLabels[0]", is("h100")))
                .andExpect(jsonPath("$", not(hasKey("webhookSecret"))));
        new Api(mvc).get("/api/v1/projects").andExpect(jsonPath("$[*].name", hasItem("listed-project")));
        mvc.perform(post("/api/v1/projects").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"listed-project\",\"repoUrl\":\"x\",\"defaultBranch\":\"main\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type", is("/problems/project-exists")));
    }

    @Test
    void rejectsProjectNamesThatCannotBeInAUrl() throws Exception {
        mvc.perform(post("/api/v1/projects").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a/b\",\"defaultBranch\":\"main\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[*].field", hasItem("repoUrl")))
                .andExpect(jsonPath("$.errors[0].field", is("name")));
    }
}
