package dev.slipway.gateway.webhook;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.gateway.repository.RegisteredRepository;

/**
 * Decides what a webhook gets: checks in the order that reveals least to an unauthenticated caller (content type,
 * size, presence of a signature, the repository, the signature itself) and only then reads the push.
 */
public final class WebhookIntake {

    private final RepositoryDirectory repositories;
    private final PushAcceptor acceptor;
    private final int maxBodyBytes;

    public WebhookIntake(RepositoryDirectory repositories, PushAcceptor acceptor, int maxBodyBytes) {
        this.repositories = repositories;
        this.acceptor = acceptor;
        this.maxBodyBytes = maxBodyBytes;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public WebhookResult handle(WebhookRequest request) {
        Provider provider = request.provider();
        if (!isJson(request.header("Content-Type"))) {
            return WebhookResult.rejected(415, "unsupported-media-type", "webhooks must be sent as application/json");
        }
        if (request.body().length > maxBodyBytes) {
            return tooLarge();
        }
        String signature = request.header(provider.signatureHeader());
        if (signature == null || signature.isBlank()) {
            return WebhookResult.rejected(401, "missing-signature", "missing " + provider.signatureHeader());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            return WebhookResult.rejected(400, "malformed-json", "the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            return WebhookResult.rejected(400, "malformed-json", "the body is not a JSON object");
        }
        String fullName = PushParser.repositoryName(provider, root);
        if (fullName == null) {
            return WebhookResult.rejected(400, "no-repository", "the payload names no repository");
        }
        Optional<RegisteredRepository> found = repositories.find(provider, fullName);
        if (found.isEmpty()) {
            return WebhookResult.rejected(404, "unknown-repository", "no registered " + provider.id()
                    + " repository " + fullName);
        }
        RegisteredRepository repository = found.get();
        Signatures.Verdict verdict = Signatures.verify(provider, signature, request.body(),
                repository.secret().revealBytes());
        if (verdict != Signatures.Verdict.VALID) {
            return WebhookResult.rejected(401, "bad-signature", "the " + provider.signatureHeader()
                    + " does not match the repository's secret");
        }
        ParsedDelivery delivery;
        try {
            delivery = PushParser.parse(provider, request.header(provider.eventHeader()), root);
        } catch (InvalidPayloadException e) {
            return WebhookResult.rejected(400, "invalid-push", e.getMessage());
        }
        if (delivery instanceof ParsedDelivery.Ping) {
            return new WebhookResult(200, WebhookResult.Outcome.PONG, "ping", "pong", null);
        }
        if (delivery instanceof ParsedDelivery.Ignored ignored) {
            return WebhookResult.ignored("not-a-push", ignored.reason());
        }
        ParsedDelivery.Push push = (ParsedDelivery.Push) delivery;
        if (!repository.triggers(push.branch())) {
            return WebhookResult.ignored("branch-not-triggering",
                    "branch '" + push.branch() + "' does not trigger runs of " + repository.app());
        }
        String deliveryId = Optional.ofNullable(request.header(provider.deliveryHeader()))
                .or(() -> Optional.ofNullable(request.header("Idempotency-Key"))).map(String::trim).orElse("");
        PushAcceptor.Acceptance acceptance = acceptor.accept(
                new PushAcceptor.DeliveryKey(provider, deliveryId, Signatures.sha256Hex(request.body())), repository,
                push);
        if (acceptance.duplicate()) {
            return new WebhookResult(200, WebhookResult.Outcome.DUPLICATE, "redelivery",
                    "already accepted; nothing emitted", acceptance.runId());
        }
        return new WebhookResult(202, WebhookResult.Outcome.ACCEPTED, "accepted",
                "run started for " + push.after(), acceptance.runId());
    }

    /** The answer to a body over the limit, also given before reading it when its length is declared. */
    public WebhookResult tooLarge() {
        return WebhookResult.rejected(413, "too-large", "the body exceeds " + maxBodyBytes + " bytes");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }
}
