package dev.hostgap.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads against a real HTTP server on loopback that misbehaves on purpose. */
class UploadTest {

    @TempDir
    Path outbox;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    void serve(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/runs", exchange -> {
            int n = requests.getAndIncrement();
            int status = statuses[Math.min(n, statuses.length - 1)];
            byte[] body = ("{\"status\":" + status + ",\"detail\":\"as planned\"}").getBytes();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void retriesServerErrorsThenDeletesTheUploadedOutboxFile() throws Exception {
        serve(503, 502, 201);
        Path run = Files.writeString(outbox.resolve("run-1.json"), "{}");
        int code = HostgapRunner.execute("upload", "--outbox", "--outbox-dir", outbox.toString(), "--server", url(),
                "--token", "t", "--attempts", "3");
        assertThat(code).isZero();
        assertThat(requests).hasValue(3);
        assertThat(run).doesNotExist();
    }

    @Test
    void keepsTheFileAndSaysHowToRetryWhenTheServerIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path run = Files.writeString(outbox.resolve("run-2.json"), "{}");
        var result = CommandLineTest.capture(() -> HostgapRunner.execute("upload", "--outbox", "--outbox-dir", outbox.toString(),
                "--server", "http://127.0.0.1:" + closedPort, "--attempts", "2"));
        assertThat(result.code()).isEqualTo(ExitCode.SERVER_UNREACHABLE);
        assertThat(result.stderr()).contains("hostgap-runner upload");
        assertThat(run).exists();
    }

    @Test
    void doesNotRetryARunTheServerRefused() throws Exception {
        serve(422);
        Path run = Files.writeString(outbox.resolve("run-3.json"), "{}");
        var result = CommandLineTest.capture(() -> HostgapRunner.execute("upload", run.toString(), "--server", url(), "--attempts", "3"));
        assertThat(result.code()).isEqualTo(ExitCode.SERVER_REJECTED);
        assertThat(result.stderr()).contains("as planned");
        assertThat(requests).hasValue(1);
        assertThat(run).exists();
    }
}
