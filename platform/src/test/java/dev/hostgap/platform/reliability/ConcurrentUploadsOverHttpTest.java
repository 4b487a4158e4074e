package dev.hostgap.platform.reliability;

import java.util.List;

import dev.hostgap.platform.Api;
import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability harness's load in miniature, in the build: concurrent uploaders over real HTTP
 * (Tomcat, the upload gate, the detection pacing) for a few seconds, then every upload read back.
 * The full harness (docs/reliability.md) adds the 64/256-uploader minutes and the process faults.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class ConcurrentUploadsOverHttpTest {

    @LocalServerPort
    int port;
    @Autowired
    MockMvc mvc;

    @Test
    void everyAcknowledgedUploadIsStoredWholeAndNoneFails() throws Exception {
        String project = new Api(mvc).newProject("load");
        String baseUrl = "http://127.0.0.1:" + port;
        LoadRun load = LoadRun.start(baseUrl, PlatformTest.ADMIN_TOKEN, project, 16, 10, 5);
        Thread.sleep(4_000);
        List<LoadRun.Upload> uploads = load.stop();

        assertThat(uploads).extracting(LoadRun.Upload::status).as("answers").containsOnly(201);
        assertThat(uploads).hasSizeGreaterThan(16);
        Verification.Outcome stored = new Verification(baseUrl).check(uploads);
        assertThat(stored.acknowledgedComplete()).isEqualTo(uploads.size());
        assertThat(stored.lossless()).isTrue();
    }
}
