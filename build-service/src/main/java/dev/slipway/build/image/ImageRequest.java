package dev.slipway.build.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.slipway.contracts.spec.BuildSpec;

/**
 * What to build and where to push it.
 *
 * @param target the repository and tags
 * @param build the spec's build section
 * @param checkout the working tree, after the build commands ran
 * @param created the image's creation time (the commit time, so a rebuild gives the same digest)
 * @param labels the image's labels
 * @param base the base image, or empty for {@code scratch}
 */
public record ImageRequest(ImageTarget target, BuildSpec build, Path checkout, Instant created,
        Map<String, String> labels, Optional<BaseImage> base) {

    public ImageRequest {
        labels = Map.copyOf(labels);
    }
}
