package dev.slipway.build.image;

import java.util.List;

/**
 * Where a commit's image goes.
 *
 * @param registry the registry host and port ({@code registry.example.com:5000})
 * @param repository the repository path in it ({@code apps/hello})
 * @param tags the tags, the full sha first
 */
public record ImageTarget(String registry, String repository, List<String> tags) {

    public ImageTarget {
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("an image needs a tag");
        }
    }

    /** {@code registry/repository}, without tag: the {@code repository} of {@code ImageRef}. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The tag that identifies the commit. */
    public String identityTag() {
        return tags.get(0);
    }
}
