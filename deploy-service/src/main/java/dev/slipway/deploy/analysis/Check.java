package dev.slipway.deploy.analysis;

import dev.slipway.contracts.events.DeployProgressed.AnalysisResult;
import dev.slipway.deploy.canary.Verdict;

/**
 * One check of an analysis run: what is reported and how it counts.
 *
 * @param result what {@code deploy-progressed} carries
 * @param verdict pass, fail or inconclusive
 */
public record Check(AnalysisResult result, Verdict verdict) {

    public static Check pass(String name, Double value, String threshold) {
        return new Check(new AnalysisResult(name, value, threshold, true, null), Verdict.PASS);
    }

    public static Check fail(String name, Double value, String threshold, String message) {
        return new Check(new AnalysisResult(name, value, threshold, false, message), Verdict.FAIL);
    }

    /** Reported as not passed, with a message starting {@code inconclusive:}. */
    public static Check inconclusive(String name, Double value, String threshold, String message) {
        return new Check(new AnalysisResult(name, value, threshold, false, "inconclusive: " + message),
                Verdict.INCONCLUSIVE);
    }
}
