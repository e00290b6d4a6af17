package dev.slipway.deploy.plan;

import java.util.List;

import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.PlannedChange;

/** What an apply will do, object by object. */
public record Plan(List<PlannedChange> changes) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** {@code 1 created, 2 changed, 3 unchanged, 0 pruned}. */
    public String summary() {
        return count(Action.CREATE) + " created, " + count(Action.CHANGE) + " changed, " + count(Action.UNCHANGED)
                + " unchanged, " + count(Action.PRUNE) + " pruned";
    }
}
