package dev.hostgap.platform.security;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

import static dev.hostgap.platform.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class UploadTokenTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void projectTokenUploadsToItsProjectOnlyUntilRevoked() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("tokens");
        String other = api.newProject("tokens-other");
        String created = mvc.perform(post("/api/v1/projects/" + project + "/tokens")
                        .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"ci\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        String token = JsonMapper.builder().build().readTree(created).get("token").asString();

        assertThat(jdbc.sql("select count(*) from api_token where token_hash = ?").param(token).query(Long.class).single())
                .as("the secret itself is never stored").isZero();

        api.upload(new Run(project, sha(1)).result("b", "{}", "m", 1, 2).json(), token).andExpect(status().isCreated());
        api.upload(new Run(other, sha(1)).result("b", "{}", "m", 1, 2).json(), token)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type", is("/problems/forbidden")));
        // an upload token cannot create projects or tokens
        mvc.perform(post("/api/v1/projects").header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\",\"repoUrl\":\"u\",\"defaultBranch\":\"main\"}"))
                .andExpect(status().isForbidden());

        long id = jdbc.sql("select t.id from api_token t join project p on p.id = t.project_id where p.name = ?")
                .param(project).query(Long.class).single();
        mvc.perform(delete("/api/v1/tokens/" + id).header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN))
                .andExpect(status().isNoContent());
        api.upload(new Run(project, sha(2)).result("b", "{}", "m", 1, 2).json(), token)
                .andExpect(status().isUnauthorized());
    }

    @Test
    void readsArePublicButAWrongTokenIsStillRefused() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/projects"))
                .andExpect(status().isOk());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/projects")
                        .header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized());
    }
}
