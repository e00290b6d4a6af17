package dev.slipway.contracts.events;

import dev.slipway.contracts.spec.PipelineSpec;

/**
 * The commit's image is in the registry. Produced by build-service, consumed by chart-service.
 *
 * @param app the application
 * @param commit the commit it was built from
 * @param image the pushed image (tags: full sha, short sha, branch)
 * @param baseImageDigest the digest of the base image used, or null for scratch
 * @param sizeBytes the compressed size of all layers
 * @param layerCount layers in the image
 * @param buildMillis how long the stage took
 * @param spec the commit's parsed {@code slipway.yaml}
 */
public record ImageBuilt(
        String app,
        CommitRef commit,
        ImageRef image,
        String baseImageDigest,
        long sizeBytes,
        int layerCount,
        long buildMillis,
        PipelineSpec spec) implements Event {
}
