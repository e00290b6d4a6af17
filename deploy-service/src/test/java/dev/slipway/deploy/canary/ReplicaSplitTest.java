package dev.slipway.deploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicaSplitTest {

    @Test
    void splitsTheReplicasByTheWeight() {
        assertThat(ReplicaSplit.byReplicas(10, 20)).isEqualTo(new ReplicaSplit(8, 2, 20));
        assertThat(ReplicaSplit.byReplicas(10, 50)).isEqualTo(new ReplicaSplit(5, 5, 50));
    }

    @Test
    void keepsAtLeastOnePodPerTrackAndReportsTheEffectiveWeight() {
        assertThat(ReplicaSplit.byReplicas(4, 10)).isEqualTo(new ReplicaSplit(3, 1, 25));
        assertThat(ReplicaSplit.byReplicas(4, 95)).isEqualTo(new ReplicaSplit(1, 3, 75));
    }

    @Test
    void aSingleReplicaGetsACanaryBesideIt() {
        assertThat(ReplicaSplit.byReplicas(1, 10)).isEqualTo(new ReplicaSplit(1, 1, 50));
    }

    @Test
    void zeroAndFullWeightsLeaveOneTrack() {
        assertThat(ReplicaSplit.byReplicas(3, 0)).isEqualTo(new ReplicaSplit(3, 0, 0));
        assertThat(ReplicaSplit.byReplicas(3, 100)).isEqualTo(new ReplicaSplit(0, 3, 100));
    }

    @Test
    void byRouteTheStableTrackKeepsItsSize() {
        assertThat(ReplicaSplit.byRoute(4, 10)).isEqualTo(new ReplicaSplit(4, 1, 10));
        assertThat(ReplicaSplit.byRoute(4, 60)).isEqualTo(new ReplicaSplit(4, 3, 60));
    }

    @Test
    void rejectsAWeightThatIsNotAPercentage() {
        assertThatThrownBy(() -> ReplicaSplit.byReplicas(2, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
