package dev.hostgap.platform.runs;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The file the runner wrote on the H200 (docs/gpu-results.md) is a valid upload, as it is. */
@PlatformTest
class RunnerFileUploadTest {

    @Autowired
    MockMvc mvc;

    @Test
    void acceptsARealRunnerFileFromTheGpuNode() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("runner-file");
        String body = Files.readString(Path.of("../docs/gpu/2026-11-26-h200/jvm-launch.json"))
                .replace("\"project\" : \"demo\"", "\"project\" : \"" + project + "\"");
        // 6 parameter sets x (host, GPU, overhead fraction)
        api.upload(body).andExpect(status().isCreated()).andExpect(jsonPath("$.results", is(18)));
        api.get("/api/v1/projects/" + project + "/series?benchmark=launch.enqueue&metric=host_us_per_op&params=args=0")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points[0].n", is(10)));
    }
}
