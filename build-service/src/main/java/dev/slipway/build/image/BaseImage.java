package dev.slipway.build.image;

/**
 * A base image pinned to the digest its reference pointed to when the build started.
 *
 * @param name the reference the spec gave ({@code eclipse-temurin:21-jre})
 * @param registry the registry host
 * @param repository the repository path
 * @param digest the manifest (or index) digest
 */
public record BaseImage(String name, String registry, String repository, String digest) {

    /** {@code registry/repository@digest}. */
    public String pinned() {
        return registry + "/" + repository + "@" + digest;
    }
}
