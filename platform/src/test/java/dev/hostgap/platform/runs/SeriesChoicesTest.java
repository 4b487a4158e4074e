package dev.hostgap.platform.runs;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.Api.Run;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static dev.hostgap.platform.Api.sha;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PlatformTest
class SeriesChoicesTest {

    @Autowired
    MockMvc mvc;

    @Test
    void listsEveryVersionParameterSetAndEnvironmentOfOneBenchmark() throws Exception {
        Api api = new Api(mvc);
        String project = api.newProject("choices");
        api.upload(new Run(project, sha(1)).result("launch.enqueue", "{\"args\":\"4\"}", "host_us", 3, 3)
                .result("launch.enqueue", "{\"args\":\"0\"}", "host_us", 2, 2).result("launch.empty", "{}", "host_us", 1).json());
        api.upload(new Run(project, sha(2)).parent(sha(1)).gpu("NVIDIA H200")
                .rawResult("{\"benchmark\":\"launch.enqueue\",\"version\":2,\"params\":{\"args\":\"4\"},\"metric\":\"host_us\","
                        + "\"unit\":\"us\",\"direction\":\"lower_is_better\",\"samples\":[4,4]}").json());

        api.get("/api/v1/projects/" + project + "/series-choices?benchmark=launch.enqueue")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].version", contains(1, 1, 2)))
                .andExpect(jsonPath("$[*].paramsKey", contains("args=0", "args=4", "args=4")))
                .andExpect(jsonPath("$[0].params.args", is("0")))
                .andExpect(jsonPath("$[0].unit", is("us")))
                .andExpect(jsonPath("$[0].direction", is("lower_is_better")))
                .andExpect(jsonPath("$[*].environment", contains(
                        "NVIDIA H100 80GB HBM3 | driver 580.159.04 | cuda 13.0 | jcuda-12.6.0",
                        "NVIDIA H100 80GB HBM3 | driver 580.159.04 | cuda 13.0 | jcuda-12.6.0",
                        "NVIDIA H200 | driver 580.159.04 | cuda 13.0 | jcuda-12.6.0")));
        api.get("/api/v1/projects/" + project + "/series-choices?benchmark=never.uploaded")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", empty()));
        api.get("/api/v1/projects/no-such-project-" + project + "/series-choices?benchmark=launch.enqueue")
                .andExpect(status().isNotFound());
    }
}
