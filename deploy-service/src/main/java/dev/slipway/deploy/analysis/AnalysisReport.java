package dev.slipway.deploy.analysis;

import java.util.List;

import dev.slipway.contracts.events.DeployProgressed.AnalysisResult;
import dev.slipway.deploy.canary.Verdict;

/** The checks of one analysis run and their verdict: any failure fails it, else any undecided check pauses it. */
public record AnalysisReport(List<Check> checks) {

    public AnalysisReport {
        checks = List.copyOf(checks);
    }

    public Verdict verdict() {
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL)) {
            return Verdict.FAIL;
        }
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.INCONCLUSIVE)) {
            return Verdict.INCONCLUSIVE;
        }
        return Verdict.PASS;
    }

    public List<AnalysisResult> results() {
        return checks.stream().map(Check::result).toList();
    }
}
