package dev.slipway.chart.support;

import java.util.List;

import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.ImageRef;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.contracts.spec.InvalidSpecException;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.contracts.spec.SpecParser;

/** {@code image-built} events for chart tests: a minimal spec and the full sample of contracts. */
public final class Samples {

    public static final String MINIMAL_SHA = "9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f";
    public static final String MINIMAL_DIGEST = "sha256:" + "12".repeat(32);

    /** The smallest {@code slipway.yaml}: only the app, how to build, and two environments. */
    public static final String MINIMAL_YAML = """
            app: tiny
            build:
              baseImage: scratch
              layers:
                - name: app
                  from: [app/]
                  to: /app
              entrypoint: [/app/run]
            environments:
              - name: staging
              - name: production
            """;

    public static PipelineSpec minimalSpec() {
        try {
            return SpecParser.parse(MINIMAL_YAML);
        } catch (InvalidSpecException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code tiny} with the minimal spec. */
    public static ImageBuilt minimal() {
        CommitRef commit = new CommitRef("gitea", "team/tiny", "https://git.example.test/team/tiny.git", "main",
                MINIMAL_SHA);
        ImageRef image = new ImageRef("127.0.0.1:5000/apps/tiny", MINIMAL_DIGEST, List.of(MINIMAL_SHA));
        return new ImageBuilt("tiny", commit, image, null, 1024, 1, 100, minimalSpec());
    }

    /** {@code hello}: ingress with TLS, HPA, secrets, a canary production environment. */
    public static ImageBuilt full() {
        return SampleEvents.imageBuilt();
    }

    /** {@code built} with its chart spec replaced. */
    public static ImageBuilt withChart(ImageBuilt built, ChartSpec chart) {
        PipelineSpec spec = built.spec();
        return new ImageBuilt(built.app(), built.commit(), built.image(), built.baseImageDigest(), built.sizeBytes(),
                built.layerCount(), built.buildMillis(),
                new PipelineSpec(spec.app(), spec.build(), chart, spec.environments(), spec.database()));
    }

    /** {@code built} at another commit. */
    public static ImageBuilt atCommit(ImageBuilt built, String sha) {
        CommitRef c = built.commit();
        return new ImageBuilt(built.app(), new CommitRef(c.provider(), c.repository(), c.cloneUrl(), c.branch(), sha),
                built.image(), built.baseImageDigest(), built.sizeBytes(), built.layerCount(), built.buildMillis(),
                built.spec());
    }

    /** {@code built} renamed, so tests sharing a registry do not see each other's charts. */
    public static ImageBuilt named(ImageBuilt built, String app) {
        PipelineSpec spec = built.spec();
        return new ImageBuilt(app, built.commit(), built.image(), built.baseImageDigest(), built.sizeBytes(),
                built.layerCount(), built.buildMillis(),
                new PipelineSpec(app, spec.build(), spec.chart(), spec.environments(), spec.database()));
    }

    private Samples() {
    }
}
