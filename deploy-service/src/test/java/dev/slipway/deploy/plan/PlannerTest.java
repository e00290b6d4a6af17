package dev.slipway.deploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.PlannedChange;

class PlannerTest {

    private static ObjectNode deployment(String image, int replicas) {
        return json("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"shop","namespace":"shop-prod","labels":{"slipway.dev/run":"run-1"}},
                 "spec":{"replicas":%d,"template":{"spec":{"containers":[
                   {"name":"app","image":"%s","ports":[{"name":"http","containerPort":8080}]},
                   {"name":"proxy","image":"envoy"}]}}}}
                """.formatted(replicas, image));
    }

    private static ObjectNode live(ObjectNode desired) {
        ObjectNode live = desired.deepCopy();
        ObjectNode metadata = (ObjectNode) live.get("metadata");
        metadata.put("resourceVersion", "812").put("uid", "0c5e").put("generation", 3)
                .put("creationTimestamp", "2026-01-01T00:00:00Z");
        metadata.putArray("managedFields").addObject().put("manager", "slipway");
        live.putObject("status").put("replicas", 2).put("availableReplicas", 2);
        // Defaults the API server fills in are not Slipway's fields.
        ((ObjectNode) live.get("spec")).put("revisionHistoryLimit", 10);
        return live;
    }

    @Test
    void createsObjectsThatAreNotLive() {
        Plan plan = Planner.plan(List.of(deployment("shop@sha256:b", 2)), Map.of(), Map.of(), Set.of());

        assertThat(plan.changes()).singleElement()
                .isEqualTo(new PlannedChange("Deployment", "shop-prod", "shop", Action.CREATE, List.of()));
    }

    @Test
    void ignoresServerManagedFieldsAndDefaults() {
        ObjectNode desired = deployment("shop@sha256:a", 2);

        Plan plan = Planner.plan(List.of(desired), Map.of(ObjectKey.of(desired), live(desired)), Map.of(), Set.of());

        assertThat(plan.changes()).singleElement().extracting(PlannedChange::action).isEqualTo(Action.UNCHANGED);
        assertThat(plan.summary()).isEqualTo("0 created, 0 changed, 1 unchanged, 0 pruned");
    }

    @Test
    void namesTheChangedFieldPaths() {
        ObjectNode before = deployment("shop@sha256:a", 2);
        ObjectNode desired = deployment("shop@sha256:b", 3);
        ((ObjectNode) desired.at("/metadata/labels")).put("slipway.dev/run", "run-2");

        Plan plan = Planner.plan(List.of(desired), Map.of(ObjectKey.of(desired), live(before)), Map.of(), Set.of());

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.CHANGE);
            assertThat(change.fields()).containsExactly("metadata.labels[\"slipway.dev/run\"]", "spec.replicas",
                    "spec.template.spec.containers[app].image");
        });
    }

    @Test
    void matchesNamedListsByNameSoReorderingIsNoChange() {
        ObjectNode desired = deployment("shop@sha256:a", 2);
        ObjectNode live = live(desired);
        com.fasterxml.jackson.databind.node.ArrayNode containers = (com.fasterxml.jackson.databind.node.ArrayNode) live
                .at("/spec/template/spec/containers");
        JsonNode first = containers.remove(0);
        containers.add(first);

        Plan plan = Planner.plan(List.of(desired), Map.of(ObjectKey.of(desired), live), Map.of(), Set.of());

        assertThat(plan.count(Action.UNCHANGED)).isEqualTo(1);
    }

    @Test
    void reportsFieldsThePreviousApplySetAndThisOneDrops() {
        ObjectNode previous = deployment("shop@sha256:a", 2);
        ((ObjectNode) previous.at("/metadata/labels")).put("team", "payments");
        ObjectNode desired = deployment("shop@sha256:a", 2);

        Plan plan = Planner.plan(List.of(desired), Map.of(ObjectKey.of(desired), live(previous)),
                Map.of(ObjectKey.of(previous), previous), Set.of(ObjectKey.of(previous)));

        assertThat(plan.changes()).singleElement().extracting(PlannedChange::fields)
                .isEqualTo(List.of("metadata.labels.team (removed)"));
    }

    @Test
    void prunesLiveObjectsThePreviousReleaseHadAndThisOneDoesNot() {
        ObjectNode deployment = deployment("shop@sha256:a", 2);
        ObjectNode canary = deployment("shop@sha256:b", 1);
        ((ObjectNode) canary.get("metadata")).put("name", "shop-canary");
        ObjectNode gone = json("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"shop-old","namespace":"shop-prod"}}""");
        Map<ObjectKey, JsonNode> live = new LinkedHashMap<>();
        live.put(ObjectKey.of(deployment), live(deployment));
        live.put(ObjectKey.of(canary), live(canary));

        Plan plan = Planner.plan(List.of(deployment), live, Map.of(),
                Set.of(ObjectKey.of(deployment), ObjectKey.of(canary), ObjectKey.of(gone)));

        assertThat(plan.changes()).extracting(PlannedChange::name, PlannedChange::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shop", Action.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("shop-canary", Action.PRUNE));
        assertThat(plan.summary()).isEqualTo("0 created, 0 changed, 1 unchanged, 1 pruned");
    }

    @Test
    void anApiVersionMoveIsTheSameObjectNotAPrune() {
        ObjectNode hpa = json("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
                 "metadata":{"name":"shop","namespace":"shop-prod"},"spec":{"maxReplicas":4}}""");
        ObjectKey old = new ObjectKey("autoscaling/v1", "HorizontalPodAutoscaler", "shop-prod", "shop");

        assertThat(Planner.prunable(List.of(ObjectKey.of(hpa)), Set.of(old))).isEmpty();
    }

    @Test
    void comparesNumbersByValueAndQuantitiesAsText() {
        assertThat(FieldDiff.sameValue(Json.MAPPER.getNodeFactory().numberNode(2),
                Json.MAPPER.getNodeFactory().numberNode(2L))).isTrue();
        assertThat(FieldDiff.sameValue(Json.MAPPER.getNodeFactory().numberNode(8080),
                Json.MAPPER.getNodeFactory().textNode("8080"))).isTrue();
        assertThat(FieldDiff.sameValue(Json.MAPPER.getNodeFactory().textNode("250m"),
                Json.MAPPER.getNodeFactory().textNode("500m"))).isFalse();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
