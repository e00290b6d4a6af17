package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.Topics;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.webhook.Payloads;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.gateway.webhook.Signatures;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

/** Deliveries that must be refused, each with its 4xx, across the three providers; none may start a run. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadDeliveriesTest {

    private static final String SECRET = "bad-deliveries-secret";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final int LIMIT = 1_048_576;

    @Inject
    DataSource dataSource;

    /** A delivery to spoil: its body and headers, signed correctly before the spoiling. */
    static final class Delivery {
        byte[] body;
        final Map<String, String> headers;
        final Provider provider;

        Delivery(Provider provider) {
            this.provider = provider;
            this.body = Payloads.json(Payloads.push(provider, fullName(provider), "main", Payloads.AFTER));
            this.headers = new HashMap<>(Gateway.signedHeaders(provider, SECRET, body, UUID.randomUUID().toString()));
        }

        /** Replaces the body and signs it again. */
        void resign(byte[] newBody) {
            body = newBody;
            headers.put(provider.signatureHeader(), Payloads.sign(provider, SECRET, newBody));
        }

        void resign(Map<String, Object> payload) {
            resign(Payloads.json(payload));
        }

        Map<String, Object> payload() {
            return new HashMap<>(Payloads.push(provider, fullName(provider), "main", Payloads.AFTER));
        }
    }

    static String fullName(Provider provider) {
        return "team/bad-" + provider.id() + "-" + SUFFIX;
    }

    static Stream<Arguments> badDeliveries() {
        List<Arguments> cases = new ArrayList<>();
        for (Provider provider : Provider.values()) {
            String header = provider.signatureHeader();
            add(cases, provider, 401, "no signature", d -> d.headers.remove(header));
            add(cases, provider, 401, "empty signature", d -> d.headers.put(header, ""));
            add(cases, provider, 401, "blank signature", d -> d.headers.put(header, "  "));
            add(cases, provider, 401, "signature made with another secret",
                    d -> d.headers.put(header, Payloads.sign(provider, "guessed-secret", d.body)));
            if (provider == Provider.GITLAB) {
                // A GitLab token does not cover the body; a near-miss token stands in for a tampered signature.
                add(cases, provider, 401, "token with a character more", d -> d.headers.put(header, SECRET + "!"));
            } else {
                add(cases, provider, 401, "body changed after signing", d -> d.body = Payloads.json(
                        Payloads.push(provider, fullName(provider), "main", Payloads.BEFORE)));
            }
            add(cases, provider, 401, "signature in another provider's form", d -> d.headers.put(header,
                    switch (provider) {
                        case GITHUB -> Signatures.hexHmac(bytes(SECRET), d.body);
                        case GITEA -> Signatures.githubSignature(bytes(SECRET), d.body);
                        case GITLAB -> Signatures.hexHmac(bytes(SECRET), d.body);
                    }));
            add(cases, provider, 401, "truncated signature",
                    d -> d.headers.put(header, d.headers.get(header).substring(0, d.headers.get(header).length() - 1)));
            add(cases, provider, 404, "unknown repository", d -> {
                Map<String, Object> payload = Payloads.push(provider, "team/unknown-" + SUFFIX, "main",
                        Payloads.AFTER);
                d.resign(payload);
            });
            add(cases, provider, 400, "malformed JSON", d -> d.resign(bytes("{\"ref\": \"refs/heads/main\",")));
            add(cases, provider, 400, "a JSON array", d -> d.resign(bytes("[1, 2, 3]")));
            add(cases, provider, 400, "an empty body", d -> d.resign(new byte[0]));
            add(cases, provider, 400, "a push without after", d -> {
                Map<String, Object> payload = d.payload();
                payload.remove("after");
                d.resign(payload);
            });
            add(cases, provider, 400, "a push whose after is no sha", d -> {
                Map<String, Object> payload = d.payload();
                payload.put("after", "HEAD");
                d.resign(payload);
            });
            add(cases, provider, 400, "no event header", d -> d.headers.remove(provider.eventHeader()));
            add(cases, provider, 415, "text/plain", d -> d.headers.put("Content-Type", "text/plain"));
            add(cases, provider, 415, "a form", d -> d.headers.put("Content-Type",
                    "application/x-www-form-urlencoded"));
            add(cases, provider, 415, "no content type", d -> d.headers.remove("Content-Type"));
            add(cases, provider, 413, "a body over the limit", d -> {
                Map<String, Object> payload = d.payload();
                payload.put("padding", "x".repeat(LIMIT));
                d.resign(payload);
            });
        }
        return cases.stream();
    }

    private static void add(List<Arguments> cases, Provider provider, int status, String description,
            Consumer<Delivery> spoil) {
        cases.add(Arguments.of(provider, description, status, spoil));
    }

    @Test
    @Order(0)
    void coversAtLeastFiftyDeliveries() {
        assertThat(badDeliveries().count()).isGreaterThanOrEqualTo(50);
        for (Provider provider : Provider.values()) {
            Gateway.register(provider, fullName(provider), SECRET, List.of("main"));
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("badDeliveries")
    void refusesABadDelivery(Provider provider, String description, int status, Consumer<Delivery> spoil) {
        Delivery delivery = new Delivery(provider);
        spoil.accept(delivery);

        Gateway.post(provider, delivery.body, delivery.headers).then().statusCode(status)
                .body("outcome", is("REJECTED"));
    }

    @Test
    @Order(2)
    void startedNoRunAndEmittedNothing() throws Exception {
        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement("SELECT count(*) FROM gateway.events WHERE app LIKE ?")) {
            select.setString(1, "bad-%-" + SUFFIX);
            try (var rows = select.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        }
        assertThat(Gateway.kafka().readFor(Topics.COMMIT_PUSHED, Duration.ofSeconds(3)))
                .noneMatch(e -> e.payloadText().contains(SUFFIX));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
