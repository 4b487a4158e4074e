package dev.hostgap.platform.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.newRequestPattern;

/**
 * GitHub and GitLab as far as hostgap talks to them, on WireMock: records every request and answers
 * from a script per "METHOD path", else 201 (POST) or 200 with an {@code id}, and an empty list for
 * a pull request's comments.
 */
final class ProviderStub {

    record Received(String method, String path, String query, Map<String, List<String>> headers, String body, Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "{\"message\":\"scripted\"}", 0);
        }
    }

    private final WireMockServer server;
    private final AtomicInteger scripts = new AtomicInteger();

    private ProviderStub(WireMockServer server) {
        this.server = server;
    }

    static ProviderStub start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        ProviderStub stub = new ProviderStub(server);
        stub.defaults(0);
        return stub;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** The next requests to {@code METHOD path} get these answers, in order (a WireMock scenario); later ones the default. */
    void script(String method, String path, Answer... answers) {
        String scenario = "script-" + scripts.incrementAndGet();
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "answered-" + (i + 1);
            server.stubFor(request(method, urlPathEqualTo(path)).atPriority(1).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(response(answers[i])).willSetStateTo(next));
            state = next;
        }
    }

    /** Every default answer waits this long first, so that concurrent callers overlap. */
    void delayDefaultAnswers(long millis) {
        defaults(millis);
    }

    List<Received> received(String method, String path) {
        return server.findAll(newRequestPattern(RequestMethod.fromString(method), urlPathEqualTo(path))).stream()
                .map(ProviderStub::received).toList();
    }

    List<Received> receivedUnder(String pathPrefix) {
        return server.findAll(newRequestPattern(RequestMethod.ANY, urlPathMatching(java.util.regex.Pattern.quote(pathPrefix) + ".*")))
                .stream().map(ProviderStub::received).toList();
    }

    /** POSTs create something with an id (a comment); everything else answers 200. Lowest priority: scripts win. */
    private void defaults(long delayMillis) {
        MappingBuilder created = post(anyUrl()).atPriority(9)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":9001}").withFixedDelay((int) delayMillis));
        MappingBuilder ok = any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":9001}").withFixedDelay((int) delayMillis));
        MappingBuilder noComments = get(urlPathMatching(".*/(comments|notes)")).atPriority(8)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("[]").withFixedDelay((int) delayMillis));
        server.stubFor(created);
        server.stubFor(ok);
        server.stubFor(noComments);
    }

    private static ResponseDefinitionBuilder response(Answer answer) {
        ResponseDefinitionBuilder response = aResponse().withStatus(answer.status()).withHeader("Content-Type", "application/json")
                .withBody(answer.body()).withFixedDelay((int) answer.delayMillis());
        answer.headers().forEach(response::withHeader);
        return response;
    }

    private static Received received(LoggedRequest r) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (var header : r.getHeaders().all()) {
            headers.put(header.key(), header.values());
        }
        String url = r.getUrl();
        int q = url.indexOf('?');
        return new Received(r.getMethod().getName(), q < 0 ? url : url.substring(0, q), q < 0 ? null : url.substring(q + 1),
                headers, r.getBodyAsString(), r.getLoggedDate().toInstant());
    }
}
