package dev.hostgap.platform.compare;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A sha as a person types it: the first 7 to 39 hex digits, either case, resolved to the project's one
 * commit that starts so, for compare and a commit's verdict; several: a 422 naming them; none: a 404.
 */
@PlatformTest
class ShortShaTest {

    /** Two commits whose shas share their first seven digits, and a third of their own. */
    static final String TWIN_A = "abcdef1" + "0".repeat(33);
    static final String TWIN_B = "abcdef1" + "1".repeat(33);
    static final String LONE = "1234567890" + "f".repeat(30);

    @Autowired
    MockMvc mvc;
    Api api;
    String project;

    @BeforeEach
    void uploadCommits() throws Exception {
        api = new Api(mvc);
        project = api.newProject("short-sha");
        for (String sha : new String[] {TWIN_A, TWIN_B, LONE}) {
            api.upload(new Run(project, sha).result("launch.empty", "{}", "host_us", 3.5, 3.5, 3.5).json())
                    .andExpect(status().isCreated());
        }
        // another project's commit with the same prefix makes nothing ambiguous here
        String other = api.newProject("short-sha-other");
        api.upload(new Run(other, "1234567" + "0".repeat(33)).result("launch.empty", "{}", "host_us", 3.5).json())
                .andExpect(status().isCreated());
    }

    private String compare(String base, String head) {
        return "/api/v1/projects/" + project + "/compare?base=" + base + "&head=" + head;
    }

    @Test
    void comparesCommitsNamedByTheirFirstDigitsInEitherCaseAndAnswersWithTheirFullShas() throws Exception {
        api.get(compare("ABCDEF10", "1234567"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.base", is(TWIN_A)))
                .andExpect(jsonPath("$.head", is(LONE)))
                .andExpect(jsonPath("$.rows[0].benchmark", is("launch.empty")));
        api.get(compare(TWIN_B.substring(0, 39), LONE.toUpperCase()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.base", is(TWIN_B)))
                .andExpect(jsonPath("$.head", is(LONE)));
        api.get(compare("abcdef10", "1234567") + "&format=markdown")
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(containsString("abcdef1000 → 1234567890")));
    }

    @Test
    void answersAnAmbiguousPrefixWithItsCandidatesAndAnUnknownOneWithUnknownCommit() throws Exception {
        api.get(compare("abcdef1", LONE))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/ambiguous-commit")))
                .andExpect(jsonPath("$.title", is("Ambiguous commit")))
                .andExpect(jsonPath("$.detail", allOf(containsString("base abcdef1"), containsString(TWIN_A),
                        containsString(TWIN_B), not(containsString(LONE)))));
        api.get(compare(TWIN_A, "abcdef2"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-commit")));
        for (String wrong : new String[] {"abcdef", "abcdefz", "main", "a".repeat(41)}) {
            api.get(compare(wrong, LONE))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.type", is("/problems/invalid-sha")));
        }
    }

    @Test
    void namesAtMostTenCandidates() throws Exception {
        for (int i = 0; i < 12; i++) {
            api.upload(new Run(project, String.format("eeeeeee%033x", i)).result("launch.empty", "{}", "host_us", 3.5).json())
                    .andExpect(status().isCreated());
        }
        api.get(compare("eeeeeee", LONE))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", allOf(containsString("more than 10 commits"),
                        containsString(String.format("eeeeeee%033x", 9)), not(containsString(String.format("eeeeeee%033x", 10))))));
    }

    @Test
    void answersTheVerdictOfACommitNamedByItsFirstDigits() throws Exception {
        api.get("/api/v1/projects/" + project + "/commits/1234567/verdict")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sha", is(LONE)));
        api.get("/api/v1/projects/" + project + "/commits/ABCDEF1/verdict")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", is("/problems/ambiguous-commit")));
        api.get("/api/v1/projects/" + project + "/commits/7654321/verdict")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", is("/problems/unknown-commit")));
    }

    @Test
    void uploadsStillRequireAFullSha() throws Exception {
        api.upload(new Run(project, "abcdef2").result("launch.empty", "{}", "host_us", 3.5).json())
                .andExpect(status().isUnprocessableContent());
    }
}
