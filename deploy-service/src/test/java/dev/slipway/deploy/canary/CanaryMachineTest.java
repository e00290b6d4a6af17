package dev.slipway.deploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.deploy.canary.CanaryDecision.Action;

class CanaryMachineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final CanaryPolicy POLICY = new CanaryPolicy(List.of(10, 25, 50), Duration.ofSeconds(30), 1, 2);

    @Test
    void analysisIsDueOnlyAfterTheInterval() {
        CanaryState state = CanaryState.start(T0);

        assertThat(CanaryMachine.analysisDue(POLICY, state, T0.plusSeconds(29))).isFalse();
        assertThat(CanaryMachine.analysisDue(POLICY, state, T0.plusSeconds(30))).isTrue();
    }

    @Test
    void aPassAdvancesToTheNextStepAndRestartsTheInterval() {
        Instant now = T0.plusSeconds(30);

        CanaryDecision decision = CanaryMachine.decide(POLICY, CanaryState.start(T0), Verdict.PASS, now);

        assertThat(decision.action()).isEqualTo(Action.ADVANCE);
        assertThat(decision.state()).isEqualTo(new CanaryState(1, now, now, 0, 0));
        assertThat(CanaryMachine.analysisDue(POLICY, decision.state(), now.plusSeconds(29))).isFalse();
    }

    @Test
    void aPassAtTheLastStepPromotes() {
        CanaryState last = new CanaryState(2, T0, T0, 1, 0);

        CanaryDecision decision = CanaryMachine.decide(POLICY, last, Verdict.PASS, T0.plusSeconds(30));

        assertThat(decision.action()).isEqualTo(Action.PROMOTE);
        assertThat(decision.state().step()).isEqualTo(2);
    }

    @Test
    void aFailureWithinTheLimitHoldsTheStep() {
        CanaryState second = new CanaryState(1, T0, T0, 0, 0);

        CanaryDecision decision = CanaryMachine.decide(POLICY, second, Verdict.FAIL, T0.plusSeconds(30));

        assertThat(decision.action()).isEqualTo(Action.HOLD);
        assertThat(decision.state()).isEqualTo(new CanaryState(1, T0, T0.plusSeconds(30), 1, 0));
    }

    @Test
    void aFailurePastTheLimitRollsBackAtOnce() {
        CanaryState failedOnce = new CanaryState(1, T0, T0, 1, 0);

        CanaryDecision decision = CanaryMachine.decide(POLICY, failedOnce, Verdict.FAIL, T0.plusSeconds(30));

        assertThat(decision.action()).isEqualTo(Action.ROLLBACK);
        assertThat(decision.reason()).contains("step 2/3 (25%)", "2 failure(s), limit 1");
    }

    @Test
    void withNoToleranceTheFirstFailureRollsBack() {
        CanaryPolicy strict = new CanaryPolicy(List.of(10, 50), Duration.ofSeconds(5), 0, 0);

        assertThat(CanaryMachine.decide(strict, CanaryState.start(T0), Verdict.FAIL, T0).action())
                .isEqualTo(Action.ROLLBACK);
    }

    @Test
    void anInconclusiveResultPausesWithoutCountingAFailure() {
        CanaryDecision decision = CanaryMachine.decide(POLICY, CanaryState.start(T0), Verdict.INCONCLUSIVE,
                T0.plusSeconds(30));

        assertThat(decision.action()).isEqualTo(Action.PAUSE);
        assertThat(decision.state().failures()).isZero();
        assertThat(decision.state().paused()).isTrue();
        assertThat(decision.state().step()).isZero();
    }

    @Test
    void aPassAfterAPauseResumes() {
        CanaryState paused = new CanaryState(0, T0, T0, 0, 2);

        CanaryDecision decision = CanaryMachine.decide(POLICY, paused, Verdict.PASS, T0.plusSeconds(30));

        assertThat(decision.action()).isEqualTo(Action.ADVANCE);
        assertThat(decision.state().paused()).isFalse();
    }

    @Test
    void stayingInconclusivePastTheLimitRollsBack() {
        CanaryState paused = new CanaryState(0, T0, T0, 0, 2);

        assertThat(CanaryMachine.decide(POLICY, paused, Verdict.INCONCLUSIVE, T0.plusSeconds(30)).action())
                .isEqualTo(Action.ROLLBACK);
    }

    @Test
    void aPolicyNeedsStepsAndAPositiveInterval() {
        assertThatThrownBy(() -> new CanaryPolicy(List.of(), Duration.ofSeconds(1), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanaryPolicy(List.of(10), Duration.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
