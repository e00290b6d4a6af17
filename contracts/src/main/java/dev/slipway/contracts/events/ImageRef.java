package dev.slipway.contracts.events;

import java.util.List;

/**
 * An image in a registry.
 *
 * @param repository the image repository without tag ({@code registry:5000/apps/hello})
 * @param digest the manifest digest ({@code sha256:...}); deployments use it, never a tag
 * @param tags the tags pushed with it
 */
public record ImageRef(String repository, String digest, List<String> tags) {

    public ImageRef {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** {@code repository@digest}, the immutable reference. */
    public String reference() {
        return repository + "@" + digest;
    }
}
