package dev.slipway.deploy.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.spec.EnvironmentSpec.Metric;
import dev.slipway.deploy.canary.Verdict;

class AnalysisChecksTest {

    private static final Metric ERROR_RATE = new Metric("error-rate", "q", 0.05, null);

    @Test
    void fillsAppNamespaceAndTrackIntoAQuery() {
        assertThat(QueryTemplate.render(
                "sum(rate(http_requests_total{app=\"{{app}}\",namespace=\"{{ namespace }}\",track=\"{{track}}\"}[1m]))",
                "shop", "shop-prod", "canary"))
                .isEqualTo("sum(rate(http_requests_total{app=\"shop\",namespace=\"shop-prod\",track=\"canary\"}[1m]))");
    }

    @Test
    void rejectsAnUnknownPlaceholder() {
        assertThatThrownBy(() -> QueryTemplate.render("up{job=\"{{service}}\"}", "shop", "ns", "canary"))
                .hasMessageContaining("{{service}}");
    }

    @Test
    void aMetricWithinItsBoundPasses() {
        Check check = MetricCheck.evaluate(ERROR_RATE, OptionalDouble.of(0.01));

        assertThat(check.verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.result().value()).isEqualTo(0.01);
        assertThat(check.result().threshold()).isEqualTo("<= 0.05");
    }

    @Test
    void aMetricAboveItsMaximumFails() {
        Check check = MetricCheck.evaluate(ERROR_RATE, OptionalDouble.of(0.2));

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.result().passed()).isFalse();
        assertThat(check.result().message()).contains("0.2 is above 0.05");
    }

    @Test
    void aMetricBelowItsMinimumFails() {
        Metric successRate = new Metric("success-rate", "q", null, 0.99);

        assertThat(MetricCheck.evaluate(successRate, OptionalDouble.of(0.9)).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(MetricCheck.threshold(new Metric("x", "q", 1.0, 0.5))).isEqualTo(">= 0.5 and <= 1.0");
    }

    @Test
    void noDataOrNaNIsInconclusiveNotAFailure() {
        assertThat(MetricCheck.evaluate(ERROR_RATE, OptionalDouble.empty()).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(MetricCheck.evaluate(ERROR_RATE, OptionalDouble.of(Double.NaN)).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void anyFailureFailsTheRunElseAnyUndecidedCheckPausesIt() {
        Check pass = Check.pass("a", 1.0, "any");
        Check fail = Check.fail("b", 2.0, "any", "no");
        Check unsure = Check.inconclusive("c", null, "any", "no data");

        assertThat(new AnalysisReport(List.of(pass, unsure, fail)).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(new AnalysisReport(List.of(pass, unsure)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(new AnalysisReport(List.of(pass)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(new AnalysisReport(List.of()).verdict()).isEqualTo(Verdict.PASS);
    }

    private static final String READY_DEPLOYMENT = """
            {"metadata":{"name":"shop-canary","generation":2},"spec":{"replicas":1},
             "status":{"observedGeneration":2,"replicas":1,"updatedReplicas":1,"availableReplicas":1}}""";

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode pod(boolean ready, int restarts, String waiting) {
        return json("""
                {"metadata":{"name":"shop-canary-x1"},
                 "status":{"conditions":[{"type":"Ready","status":"%s"}],
                           "containerStatuses":[{"name":"app","restartCount":%d,"state":%s}]}}
                """.formatted(ready ? "True" : "False", restarts,
                waiting == null ? "{\"running\":{}}" : "{\"waiting\":{\"reason\":\"" + waiting + "\"}}"));
    }

    @Test
    void healthyCanaryPodsPass() {
        Check check = KubernetesHealth.evaluate(json(READY_DEPLOYMENT), List.of(pod(true, 0, null)), 3);

        assertThat(check.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aCrashLoopFails() {
        Check check = KubernetesHealth.evaluate(json(READY_DEPLOYMENT), List.of(pod(false, 2, "CrashLoopBackOff")),
                3);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.result().message()).contains("CrashLoopBackOff");
    }

    @Test
    void restartsPastTheLimitFail() {
        Check check = KubernetesHealth.evaluate(json(READY_DEPLOYMENT), List.of(pod(true, 4, null)), 3);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.result().value()).isEqualTo(4.0);
    }

    @Test
    void aCanaryStillRollingOutIsUndecided() {
        JsonNode rolling = json("""
                {"metadata":{"name":"shop-canary","generation":3},"spec":{"replicas":1},
                 "status":{"observedGeneration":2}}""");

        assertThat(KubernetesHealth.evaluate(rolling, List.of(), 3).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(KubernetesHealth.evaluate(json(READY_DEPLOYMENT), List.of(pod(false, 0, null)), 3).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }
}
