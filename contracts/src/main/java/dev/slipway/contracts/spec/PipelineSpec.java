package dev.slipway.contracts.spec;

import java.util.List;
import java.util.Optional;

/**
 * The parsed {@code slipway.yaml} of a commit. Carried forward in {@code image-built} and {@code chart-published} so
 * every later stage can be replayed without re-reading git. Build it with {@link SpecParser}.
 *
 * @param app the application name: a DNS-1123 label, the key of every event of the application
 * @param build how to build the image
 * @param chart how the Helm chart is rendered
 * @param environments the environments in promotion order
 * @param database the application's database to back up, or null
 */
public record PipelineSpec(
        String app,
        BuildSpec build,
        ChartSpec chart,
        List<EnvironmentSpec> environments,
        DatabaseSpec database) {

    public PipelineSpec {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    /** The environment of that name. */
    public Optional<EnvironmentSpec> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
