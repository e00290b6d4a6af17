package dev.slipway.gateway.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The git providers whose webhooks start runs, with the headers each one sends. */
public enum Provider {

    GITHUB("X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256"), GITLAB("X-Gitlab-Event",
            "X-Gitlab-Event-UUID", "X-Gitlab-Token"), GITEA("X-Gitea-Event", "X-Gitea-Delivery", "X-Gitea-Signature");

    private final String eventHeader;
    private final String deliveryHeader;
    private final String signatureHeader;

    Provider(String eventHeader, String deliveryHeader, String signatureHeader) {
        this.eventHeader = eventHeader;
        this.deliveryHeader = deliveryHeader;
        this.signatureHeader = signatureHeader;
    }

    /** The lower-case name used in URLs, events and the database: {@code github}, {@code gitlab}, {@code gitea}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The header naming the kind of event ({@code push}, {@code ping}, {@code Push Hook}). */
    public String eventHeader() {
        return eventHeader;
    }

    /** The header carrying the provider's id of this delivery; a redelivery repeats it. */
    public String deliveryHeader() {
        return deliveryHeader;
    }

    /** The header carrying the signature (GitHub, Gitea) or the shared token (GitLab). */
    public String signatureHeader() {
        return signatureHeader;
    }

    public static Optional<Provider> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equalsIgnoreCase(id == null ? "" : id.trim()))
                .findFirst();
    }
}
