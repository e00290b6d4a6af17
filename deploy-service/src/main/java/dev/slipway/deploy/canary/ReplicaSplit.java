package dev.slipway.deploy.canary;

/**
 * How many replicas each track runs for a canary weight.
 *
 * <p>
 * By replica ratio (no mesh), the Service selecting both tracks spreads requests over pods, so the canary's share of
 * traffic is its share of pods. The total stays at the spec's replica count, as Argo Rollouts' basic canary does, with
 * at least one pod per track; with few replicas the split is coarse, so the effective weight is reported rather than
 * the asked one. By HTTPRoute weights, traffic is split by the route and the stable track keeps its full size while the
 * canary gets enough replicas for its share.
 *
 * @param stable replicas of the stable track
 * @param canary replicas of the canary track
 * @param weight the canary's effective share of traffic, percent
 */
public record ReplicaSplit(int stable, int canary, int weight) {

    /** Split {@code total} replicas so that the canary receives about {@code weight} percent of requests. */
    public static ReplicaSplit byReplicas(int total, int weight) {
        checkWeight(weight);
        int replicas = Math.max(1, total);
        if (weight == 0) {
            return new ReplicaSplit(replicas, 0, 0);
        }
        if (weight == 100) {
            return new ReplicaSplit(0, replicas, 100);
        }
        int canary = (int) Math.round(replicas * weight / 100.0);
        canary = Math.max(1, Math.min(canary, replicas - 1));
        int stable = Math.max(1, replicas - canary);
        int effective = (int) Math.round(100.0 * canary / (stable + canary));
        return new ReplicaSplit(stable, canary, effective);
    }

    /** Stable keeps {@code total}; the route sends {@code weight} percent to a canary sized for that share. */
    public static ReplicaSplit byRoute(int total, int weight) {
        checkWeight(weight);
        int replicas = Math.max(1, total);
        if (weight == 0) {
            return new ReplicaSplit(replicas, 0, 0);
        }
        int canary = Math.max(1, (int) Math.ceil(replicas * weight / 100.0));
        return new ReplicaSplit(replicas, canary, weight);
    }

    private static void checkWeight(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("a weight is a percentage, got " + weight);
        }
    }
}
