package dev.hostgap.platform.support;

import java.time.Duration;

import dev.hostgap.platform.problem.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A profiler trace has its own size cap ({@code hostgap.api.max-trace-size}), recognised on the path
 * Spring routes, and every other route keeps {@code max-body-size}: a 10 GB trace is refused with 413
 * before a byte is read, a streamed one once it passes the cap, and no other route borrows the larger limit.
 */
class TraceBodyLimitTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(
            new BodyLimitProperties(DataSize.ofKilobytes(16), DataSize.ofMegabytes(1), 6, Duration.ofSeconds(1), 100),
            JsonMapper.builder().build());

    @Test
    void aTraceClaimingTenGigabytesIsRefusedBeforeItIsRead() throws Exception {
        MockHttpServletRequest request = new ClaimedLength("/api/v1/projects/demo/traces", 10L << 30);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("hostgap.api.max-trace-size").contains("1048576");
        assertThat(chain.getRequest()).as("never passed on").isNull();
    }

    @Test
    void aStreamedTraceIsCutAtItsCapAndOtherRoutesKeepTheBodyLimit() throws Exception {
        assertThat(read("/api/v1/jobs/7/traces", 900 * 1024)).as("under the trace cap, over the body limit").isEqualTo(900 * 1024);
        assertThatThrownBy(() -> read("/api/v1/jobs/7/traces", 1100 * 1024)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("max-trace-size");
        assertThatThrownBy(() -> read("/api/v1/runs", 20 * 1024)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("max-body-size");
        assertThatThrownBy(() -> read("/api/v1/projects/demo/traces/compare", 20 * 1024)).as("not the upload route")
                .isInstanceOf(ApiProblem.class).hasMessageContaining("max-body-size");
    }

    /** Reads the body of a chunked (no Content-Length) POST through the filter; how many bytes the handler got. */
    private long read(String path, int bytes) throws Exception {
        MockHttpServletRequest request = new ClaimedLength(path, -1);
        request.setContent(new byte[bytes]);
        long[] got = {0};
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> got[0] = req.getInputStream().transferTo(
                java.io.OutputStream.nullOutputStream()));
        return got[0];
    }

    /** A request whose Content-Length says what the test wants, whatever its content (MockMvc cannot do this). */
    private static final class ClaimedLength extends MockHttpServletRequest {
        private final long claimed;

        ClaimedLength(String path, long claimed) {
            super("POST", path);
            this.claimed = claimed;
        }

        @Override
        public long getContentLengthLong() {
            return claimed;
        }
    }
}
