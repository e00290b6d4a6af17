package dev.slipway.gateway.webhook;

import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook as it arrived: the provider of its URL, its headers (looked up without regard to case) and its raw body,
 * already cut at the size limit.
 */
public record WebhookRequest(Provider provider, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                copy.put(name, value);
            }
        });
        headers = copy;
    }

    /** The header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
