package dev.slipway.gateway.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.SecretValue;

/**
 * {@code POST /api/subscriptions}, as JSON gives it.
 *
 * @param name a name for people
 * @param url where to POST the events (http or https)
 * @param secret the key of the {@code X-Slipway-Signature} HMAC
 * @param eventTypes CloudEvent types or topic names ({@code deployed})
 */
public record SubscriptionRequest(String name, String url, String secret, List<String> apps,
        List<String> environments, List<String> eventTypes, List<String> outcomes) {

    /** A request that was checked. */
    public record Checked(String name, URI url, SecretValue secret, SubscriptionFilter filter) {
    }

    @Override
    public String toString() {
        return "SubscriptionRequest[name=" + name + ", url=" + url + ", secret=" + SecretValue.REDACTED + "]";
    }

    /**
     * @return the problems, empty when there are none
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name: is required");
        }
        if (parseUrl() == null) {
            problems.add("url: must be an absolute http or https URL");
        }
        if (secret == null || secret.isBlank()) {
            problems.add("secret: is required");
        }
        for (String type : list(eventTypes)) {
            if (normaliseType(type) == null) {
                problems.add("eventTypes: unknown event type '" + type + "'");
            }
        }
        return problems;
    }

    /** The checked request; call only when {@link #problems()} is empty. */
    public Checked checked() {
        return new Checked(name.trim(), parseUrl(), SecretValue.of(secret),
                new SubscriptionFilter(trimmed(apps), trimmed(environments),
                        list(eventTypes).stream().map(SubscriptionRequest::normaliseType).toList(),
                        trimmed(outcomes).stream().map(o -> o.toUpperCase(Locale.ROOT)).toList()));
    }

    private URI parseUrl() {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normaliseType(String type) {
        if (type == null) {
            return null;
        }
        String value = type.trim();
        return EventKind.byType(value).or(() -> EventKind.byTopic(value)).map(EventKind::type).orElse(null);
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static List<String> trimmed(List<String> values) {
        return list(values).stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
    }
}
