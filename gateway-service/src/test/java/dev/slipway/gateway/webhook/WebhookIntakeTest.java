package dev.slipway.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.slipway.contracts.SecretValue;
import dev.slipway.gateway.repository.RegisteredRepository;
import dev.slipway.gateway.webhook.WebhookResult.Outcome;

class WebhookIntakeTest {

    private static final String SECRET = "s3cr3t-for-hello";

    private final List<PushAcceptor.DeliveryKey> accepted = new ArrayList<>();
    private final Map<PushAcceptor.DeliveryKey, String> runs = new HashMap<>();

    private final PushAcceptor acceptor = (delivery, repository, push) -> {
        if (runs.containsKey(delivery)) {
            return new PushAcceptor.Acceptance(runs.get(delivery), true);
        }
        accepted.add(delivery);
        runs.put(delivery, "run-" + runs.size());
        return new PushAcceptor.Acceptance(runs.get(delivery), false);
    };

    private final WebhookIntake intake = new WebhookIntake((provider, fullName) -> fullName.equals("team/hello")
            ? Optional.of(new RegisteredRepository("1", "hello", provider, "team/hello", "https://git.test/h.git",
                    "main", List.of("main", "release"), SecretValue.of(SECRET), Instant.EPOCH))
            : Optional.empty(), acceptor, 4096);

    @ParameterizedTest
    @EnumSource(Provider.class)
    void acceptsASignedPushToATriggeringBranch(Provider provider) {
        WebhookResult result = intake.handle(signed(provider, push(provider, "team/hello", "main"), "d-1"));

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.runId()).isEqualTo("run-0");
        assertThat(accepted).singleElement().extracting(PushAcceptor.DeliveryKey::deliveryId).isEqualTo("d-1");
    }

    @Test
    void answersARedeliveryWithTheFirstRun() {
        byte[] body = push(Provider.GITHUB, "team/hello", "main");
        intake.handle(signed(Provider.GITHUB, body, "d-1"));

        WebhookResult again = intake.handle(signed(Provider.GITHUB, body, "d-1"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.runId()).isEqualTo("run-0");
        assertThat(accepted).hasSize(1);
    }

    @Test
    void rejectsWrongContentTypeBeforeAnythingElse() {
        Map<String, String> headers = headers(Provider.GITHUB, push(Provider.GITHUB, "team/hello", "main"), "d");
        headers.put("Content-Type", "application/x-www-form-urlencoded");

        WebhookResult result = intake.handle(new WebhookRequest(Provider.GITHUB, headers,
                push(Provider.GITHUB, "team/hello", "main")));

        assertThat(result.status()).isEqualTo(415);
        assertThat(accepted).isEmpty();
    }

    @Test
    void acceptsJsonWithCharset() {
        byte[] body = push(Provider.GITHUB, "team/hello", "main");
        Map<String, String> headers = headers(Provider.GITHUB, body, "d");
        headers.remove("Content-Type");
        headers.put("content-type", "Application/JSON; charset=utf-8");

        assertThat(intake.handle(new WebhookRequest(Provider.GITHUB, headers, body)).status()).isEqualTo(202);
    }

    @Test
    void rejectsABodyOverTheLimit() {
        byte[] body = ("{\"padding\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);

        WebhookResult result = intake.handle(signed(Provider.GITHUB, body, "d"));

        assertThat(result.status()).isEqualTo(413);
    }

    @Test
    void rejectsAMissingSignatureBeforeReadingTheBody() {
        Map<String, String> headers = headers(Provider.GITHUB, "not json".getBytes(StandardCharsets.UTF_8), "d");
        headers.remove(Provider.GITHUB.signatureHeader());

        WebhookResult result = intake.handle(
                new WebhookRequest(Provider.GITHUB, headers, "not json".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.reason()).isEqualTo("missing-signature");
    }

    @Test
    void rejectsAnEmptyGiteaSignature() {
        byte[] body = push(Provider.GITEA, "team/hello", "main");
        Map<String, String> headers = headers(Provider.GITEA, body, "d");
        headers.put(Provider.GITEA.signatureHeader(), "");

        WebhookResult result = intake.handle(new WebhookRequest(Provider.GITEA, headers, body));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.reason()).isEqualTo("missing-signature");
    }

    @Test
    void rejectsAnUnknownRepositoryWith404() {
        WebhookResult result = intake.handle(signed(Provider.GITHUB, push(Provider.GITHUB, "team/other", "main"), "d"));

        assertThat(result.status()).isEqualTo(404);
    }

    @Test
    void rejectsAWrongSignatureWith401() {
        byte[] body = push(Provider.GITHUB, "team/hello", "main");
        Map<String, String> headers = headers(Provider.GITHUB, body, "d");
        headers.put(Provider.GITHUB.signatureHeader(),
                Signatures.githubSignature("wrong".getBytes(StandardCharsets.UTF_8), body));

        WebhookResult result = intake.handle(new WebhookRequest(Provider.GITHUB, headers, body));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.reason()).isEqualTo("bad-signature");
        assertThat(accepted).isEmpty();
    }

    @Test
    void rejectsMalformedJsonWith400() {
        byte[] body = "{\"ref\": ".getBytes(StandardCharsets.UTF_8);

        assertThat(intake.handle(signed(Provider.GITHUB, body, "d")).status()).isEqualTo(400);
    }

    @Test
    void answersAPingWith200() {
        byte[] body = Payloads.json(Map.of("zen", "Design for failure.", "repository",
                Map.of("full_name", "team/hello")));
        Map<String, String> headers = headers(Provider.GITHUB, body, "d");
        headers.put(Provider.GITHUB.eventHeader(), "ping");

        WebhookResult result = intake.handle(new WebhookRequest(Provider.GITHUB, headers, body));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.outcome()).isEqualTo(Outcome.PONG);
        assertThat(accepted).isEmpty();
    }

    @Test
    void ignoresAPushToABranchThatDoesNotTrigger() {
        WebhookResult result = intake.handle(signed(Provider.GITHUB, push(Provider.GITHUB, "team/hello", "feature/x"),
                "d"));

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(result.message()).isEqualTo("branch 'feature/x' does not trigger runs of hello");
        assertThat(accepted).isEmpty();
    }

    @Test
    void acceptsEveryConfiguredBranch() {
        assertThat(intake.handle(signed(Provider.GITHUB, push(Provider.GITHUB, "team/hello", "release"), "d"))
                .outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    private static byte[] push(Provider provider, String fullName, String branch) {
        return Payloads.json(Payloads.push(provider, fullName, branch, Payloads.AFTER));
    }

    private static WebhookRequest signed(Provider provider, byte[] body, String deliveryId) {
        return new WebhookRequest(provider, headers(provider, body, deliveryId), body);
    }

    private static Map<String, String> headers(Provider provider, byte[] body, String deliveryId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(provider.eventHeader(), Payloads.pushEvent(provider));
        headers.put(provider.deliveryHeader(), deliveryId);
        headers.put(provider.signatureHeader(), Payloads.sign(provider, SECRET, body));
        return headers;
    }
}
