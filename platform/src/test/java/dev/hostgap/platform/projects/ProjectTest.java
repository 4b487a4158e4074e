package dev.hostgap.platform.projects;

import java.util.UUID;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class ProjectTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

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
                        .content("{\"name\":\"listed-project\",\"repoUrl\":\"https://github.com/acme/other\",\"defaultBranch\":\"main\"}"))
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

    @ParameterizedTest
    @ValueSource(strings = {"this is not a url", "x", "github.com/acme/engine", "https://", "https:///acme/engine",
            "https://github.com", "https://github.com/", "ftp://example.org/acme/engine", "ssh://:22/acme/engine",
            "https://user:password@github.com/acme/engine", "https://github.com/acme/en gine", "https://github.com/acme/engine\n",
            "https://github.com/acme/\u200Bengine", "git@:acme/engine", "file://"})
    void rejectsRepoUrlThatIsNotAUrl(String repoUrl) throws Exception {
        JsonNode problem = create("{\"name\":\"" + uniqueName() + "\",\"repoUrl\":" + JSON.writeValueAsString(repoUrl)
                + ",\"defaultBranch\":\"main\"}", 422);

        assertThat(problem.path("type").asString()).isEqualTo("/problems/invalid-field");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("repoUrl");
        assertThat(problem.path("detail").asString())
                .contains("https://host/path", "ssh://[user@]host[:port]/path", "git://", "file:///path", "user@host:path");
    }

    @Test
    void rejectsRepoUrlOfAbsurdLength() throws Exception {
        String repoUrl = "https://github.com/acme/" + "e".repeat(RepositoryUrls.MAX_LENGTH);

        JsonNode problem = create("{\"name\":\"" + uniqueName() + "\",\"repoUrl\":\"" + repoUrl + "\",\"defaultBranch\":\"main\"}", 422);

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("repoUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/acme/engine.git", "http://git.example.org/acme/engine",
            "ssh://git@github.com:2222/acme/engine.git", "git://git.example.org/acme/engine", "file:///srv/git/engine.git",
            "git@github.com:acme/engine.git", "https://gitlab.example.org:8443/group/sub/project.git", "https://[::1]:8443/a/b"})
    void acceptsSshScpLikeAndFileRepoUrls(String repoUrl) throws Exception {
        JsonNode created = create("{\"name\":\"" + uniqueName() + "\",\"repoUrl\":\"" + repoUrl + "\",\"defaultBranch\":\"main\"}", 201);

        assertThat(created.path("repoUrl").asString()).isEqualTo(repoUrl);
    }

    @Test
    void refusesAWebhookSecretForAFileRepoUrlWithoutStatusRepository() throws Exception {
        JsonNode problem = create("{\"name\":\"" + uniqueName() + "\",\"repoUrl\":\"file:///srv/git/engine.git\","
                + "\"defaultBranch\":\"main\",\"webhookSecret\":\"0123456789abcdef0123\"}", 422);

        assertThat(problem.path("type").asString()).isEqualTo("/problems/missing-field");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("statusRepository");

        create("{\"name\":\"" + uniqueName() + "\",\"repoUrl\":\"file:///srv/git/engine.git\",\"defaultBranch\":\"main\","
                + "\"webhookSecret\":\"0123456789abcdef0123\",\"statusRepository\":\"acme/engine\"}", 201);
    }

    private JsonNode create(String body, int expectedStatus) throws Exception {
        var response = mvc.perform(post("/api/v1/projects").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expectedStatus);
        return JSON.readTree(response.getContentAsString());
    }

    static String uniqueName() {
        return "urls-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
