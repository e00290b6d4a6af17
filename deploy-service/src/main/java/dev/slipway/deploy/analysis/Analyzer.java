package dev.slipway.deploy.analysis;

import dev.slipway.contracts.spec.EnvironmentSpec.Analysis;

/** Runs one analysis of a canary track. */
public interface Analyzer {

    /** The track the canary runs as, in {@code {{track}}}. */
    String CANARY_TRACK = "canary";

    AnalysisReport analyse(String app, String namespace, Analysis analysis);
}
