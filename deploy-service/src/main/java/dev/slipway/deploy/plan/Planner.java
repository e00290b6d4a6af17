package dev.slipway.deploy.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.PlannedChange;

/**
 * The object-level plan of an apply, from what is wanted, what is live and what was applied last time: the review an
 * SRE reads before the cluster changes.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @param desired the manifests to apply, each with its namespace set
     * @param live the live objects, by key; a desired object missing here is created
     * @param previous the manifests the previous apply wrote, by key, for the fields it set that are now dropped
     * @param applied the objects applied last time; those no longer desired are pruned when live
     */
    public static Plan plan(List<? extends JsonNode> desired, Map<ObjectKey, JsonNode> live,
            Map<ObjectKey, JsonNode> previous, Set<ObjectKey> applied) {
        List<PlannedChange> changes = new ArrayList<>();
        for (JsonNode manifest : desired) {
            ObjectKey key = ObjectKey.of(manifest);
            JsonNode current = find(live, key);
            if (current == null) {
                changes.add(change(key, Action.CREATE, List.of()));
                continue;
            }
            List<String> fields = FieldDiff.changes(manifest, current, find(previous, key));
            changes.add(change(key, fields.isEmpty() ? Action.UNCHANGED : Action.CHANGE, fields));
        }
        for (ObjectKey key : prunable(desired.stream().map(ObjectKey::of).toList(), applied)) {
            if (find(live, key) != null) {
                changes.add(change(key, Action.PRUNE, List.of()));
            }
        }
        return new Plan(changes);
    }

    /** The previously applied objects that the new set no longer has. */
    public static List<ObjectKey> prunable(List<ObjectKey> desired, Set<ObjectKey> previous) {
        return previous.stream().sorted()
                .filter(old -> desired.stream().noneMatch(old::sameObject))
                .toList();
    }

    private static JsonNode find(Map<ObjectKey, JsonNode> objects, ObjectKey key) {
        JsonNode exact = objects.get(key);
        if (exact != null) {
            return exact;
        }
        return objects.entrySet().stream().filter(e -> e.getKey().sameObject(key)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static PlannedChange change(ObjectKey key, Action action, List<String> fields) {
        return new PlannedChange(key.kind(), key.namespace(), key.name(), action, fields);
    }
}
