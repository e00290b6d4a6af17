package dev.slipway.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.config.Endpoint;

/** The client against a real HTTP server on 127.0.0.1 that answers what each test sets. */
class ApiClientTest {

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<String> seen = new AtomicReference<>();

    record Answer(int status, String contentType, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            Answer a = answer.get();
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApiClient client(String token) {
        return new ApiClient(new Endpoint("gateway", URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                token, "--server/--token"), Duration.ofSeconds(5));
    }

    @Test
    void sendsTheTokenAndEncodesQueryAndPath() {
        answer.set(new Answer(200, "application/json", "[]"));
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("app", "hello world");
        query.put("status", null);
        query.put("limit", 5);

        client("t0ken").get("/api/runs/" + ApiClient.segment("a/b c"), query);

        assertThat(seen.get()).isEqualTo("GET /api/runs/a%2Fb%20c?app=hello+world&limit=5 auth=Bearer t0ken");
    }

    @Test
    void mapsEachErrorStatusToItsExitCodeWithTheServersExplanation() {
        Map<Integer, Integer> codes = Map.of(400, ExitCode.REFUSED, 401, ExitCode.UNAUTHENTICATED, 403,
                ExitCode.FORBIDDEN, 404, ExitCode.NOT_FOUND, 409, ExitCode.CONFLICT, 422, ExitCode.REFUSED, 500,
                ExitCode.SERVER_ERROR, 503, ExitCode.SERVER_ERROR);
        codes.forEach((status, code) -> {
            answer.set(new Answer(status, "application/json", "{\"error\":\"no run r-9\",\"details\":[\"a\",\"b\"]}"));
            assertThatThrownBy(() -> client("t").get("/api/runs/r-9"))
                    .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).as("status " + status)
                            .isEqualTo(code));
        });
        answer.set(new Answer(404, "application/json", "{\"error\":\"no run r-9\",\"details\":[\"a\",\"b\"]}"));
        assertThatThrownBy(() -> client("t").get("/api/runs/r-9")).hasMessage("no run r-9: a; b (404)");
    }

    @Test
    void explains401DifferentlyWithAndWithoutATokenAndNeverShowsTheToken() {
        answer.set(new Answer(401, "text/plain", ""));

        assertThatThrownBy(() -> client(null).get("/api/runs")).hasMessageContaining("needs a token (401)")
                .hasMessageContaining("--server/--token");
        assertThatThrownBy(() -> client("very-secret-token").get("/api/runs"))
                .hasMessageContaining("does not accept this token (401)")
                .hasMessageNotContaining("very-secret-token");
    }

    @Test
    void namesTheRequestWhenTheServerGivesNoExplanation() {
        answer.set(new Answer(502, "text/html", "<html>bad gateway</html>"));

        assertThatThrownBy(() -> client("t").post("/api/runs/x/stages/BUILD/replay", Map.of("reason", "r")))
                .hasMessage("the gateway answered 502 to POST /api/runs/x/stages/BUILD/replay");
    }

    @Test
    void reportsAnAnswerThatIsNotJson() {
        answer.set(new Answer(200, "text/html", "<html>login</html>"));

        assertThatThrownBy(() -> client("t").get("/api/runs")).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVER_ERROR)).hasMessageContaining("not JSON");
    }

    @Test
    void reportsAServerThatRefusesConnections() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ApiClient client = new ApiClient(new Endpoint("gateway", URI.create("http://127.0.0.1:" + closed), null,
                "--server"), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.get("/api/runs")).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE))
                .hasMessage("cannot reach the gateway at http://127.0.0.1:" + closed + ": connection refused");
    }

    @Test
    void refusesToStartWithoutAUrl() {
        assertThatThrownBy(() -> new ApiClient(new Endpoint("gateway", null, null, "--server or SLIPWAY_SERVER"),
                Duration.ofSeconds(1))).isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("no gateway URL: set --server or SLIPWAY_SERVER");
    }
}
