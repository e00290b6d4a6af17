package dev.slipway.gateway.timeline;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.StageFailed;

/**
 * What a run's events say beyond its stages: per environment the plan, the canary's progress and the outcome of the
 * latest release attempt, and every failure with the tail of its output.
 *
 * @param environments the environments in the spec's order (then any others, as they appear)
 * @param failures every {@code stage-failed} of the run, oldest first
 */
public record RunProgress(List<EnvironmentProgress> environments, List<Failure> failures) {

    /**
     * One environment's latest release attempt. A new {@code chart-published} (a new attempt or a replay) starts it
     * afresh.
     *
     * @param environment its name
     * @param namespace its namespace, once known
     * @param strategy {@code ROLLING} or {@code CANARY}, from the spec, or null
     * @param canarySteps the canary's traffic steps from the spec, empty for a rolling release
     * @param approval whether an SRE must approve it
     * @param phase the latest {@code deploy-progressed} phase, or null before any
     * @param message the latest line for people, or null
     * @param updatedAt the time of the latest event about it, or null
     * @param plan the latest plan's objects that change (created, changed or pruned)
     * @param unchanged how many objects the latest plan leaves as they are
     * @param canary the latest canary progress, or null
     * @param outcome the release's outcome once {@code deployed}, or null
     * @param outcomeReason why it did not succeed, or null
     * @param planSummary the applied plan in one line, from {@code deployed}, or null
     * @param revision the release revision, from {@code deployed}, or null
     */
    public record EnvironmentProgress(String environment, String namespace, String strategy,
            List<Integer> canarySteps, boolean approval, DeployProgressed.Phase phase, String message,
            Instant updatedAt, List<DeployProgressed.PlannedChange> plan, int unchanged,
            DeployProgressed.CanaryProgress canary, Deployed.Outcome outcome, String outcomeReason,
            String planSummary, Integer revision) {
    }

    /**
     * One {@code stage-failed}.
     *
     * @param eventId its {@code ce_id}, which the failed stage's {@code lastEventId} names while it is current
     */
    public record Failure(String eventId, Instant time, String stage, String environment, String reason,
            boolean retriable, String message, List<String> logTail, int attempts) {
    }

    /** The progress told by {@code events}, in any order. */
    public static RunProgress derive(List<StoredEvent> events) {
        List<StoredEvent> ordered = events.stream().sorted(Comparator.comparing(StoredEvent::time)).toList();
        Map<String, Environment> environments = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        for (StoredEvent event : ordered) {
            EventKind kind = EventKind.byType(event.type()).orElse(null);
            if (kind == null) {
                continue;
            }
            switch (kind) {
                case COMMIT_PUSHED -> environments.clear();
                case IMAGE_BUILT, CHART_PUBLISHED -> {
                    Map<String, Environment> declared = declared(RunTimeline.tree(event));
                    if (!declared.isEmpty()) {
                        environments.clear();
                        environments.putAll(declared);
                    } else {
                        environments.replaceAll((name, env) -> env.afresh());
                    }
                }
                case DEPLOY_PROGRESSED -> read(event, DeployProgressed.class).ifPresent(progress -> {
                    Environment env = environments.computeIfAbsent(progress.environment(), Environment::new);
                    env.namespace = progress.namespace();
                    if (env.outcome != null) {
                        env.outcome = null;
                        env.outcomeReason = null;
                        env.planSummary = null;
                        env.revision = null;
                    }
                    env.phase = progress.phase();
                    env.message = progress.message();
                    env.updatedAt = event.time();
                    if (progress.phase() == DeployProgressed.Phase.PLANNED) {
                        env.plan = progress.plan();
                    }
                    if (progress.canary() != null) {
                        env.canary = progress.canary();
                    }
                });
                case DEPLOYED -> read(event, Deployed.class).ifPresent(deployed -> {
                    Environment env = environments.computeIfAbsent(deployed.environment(), Environment::new);
                    env.namespace = deployed.namespace();
                    env.outcome = deployed.outcome();
                    env.outcomeReason = deployed.reason();
                    env.planSummary = deployed.planSummary();
                    env.revision = deployed.revision();
                    env.updatedAt = event.time();
                });
                case STAGE_FAILED -> read(event, StageFailed.class).ifPresent(failed -> failures.add(new Failure(
                        event.eventId(), event.time(), failed.stage() == null ? null : failed.stage().name(),
                        failed.environment(), failed.reason() == null ? null : failed.reason().name(),
                        failed.retriable(), failed.message(), failed.logTail(), failed.attempts())));
                default -> {
                }
            }
        }
        return new RunProgress(environments.values().stream().map(Environment::view).toList(), failures);
    }

    private static Map<String, Environment> declared(JsonNode data) {
        Map<String, Environment> declared = new LinkedHashMap<>();
        JsonNode list = data.path("spec").path("environments");
        if (list.isArray()) {
            for (JsonNode node : list) {
                String name = RunTimeline.text(node, "name");
                if (name == null) {
                    continue;
                }
                Environment env = new Environment(name);
                env.namespace = RunTimeline.text(node, "namespace");
                env.strategy = RunTimeline.text(node, "strategy");
                env.approval = node.path("approval").asBoolean(false);
                node.path("canary").path("steps").forEach(step -> {
                    if (step.canConvertToInt()) {
                        env.canarySteps.add(step.asInt());
                    }
                });
                declared.put(name, env);
            }
        }
        return declared;
    }

    private static <T> Optional<T> read(StoredEvent event, Class<T> type) {
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(event.payload(), type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static final class Environment {
        final String name;
        String namespace;
        String strategy;
        final List<Integer> canarySteps = new ArrayList<>();
        boolean approval;
        DeployProgressed.Phase phase;
        String message;
        Instant updatedAt;
        List<DeployProgressed.PlannedChange> plan = List.of();
        DeployProgressed.CanaryProgress canary;
        Deployed.Outcome outcome;
        String outcomeReason;
        String planSummary;
        Integer revision;

        Environment(String name) {
            this.name = name;
        }

        /** The same environment before its release started. */
        Environment afresh() {
            Environment fresh = new Environment(name);
            fresh.namespace = namespace;
            fresh.strategy = strategy;
            fresh.canarySteps.addAll(canarySteps);
            fresh.approval = approval;
            return fresh;
        }

        EnvironmentProgress view() {
            List<DeployProgressed.PlannedChange> changes = plan.stream()
                    .filter(c -> c.action() != DeployProgressed.Action.UNCHANGED).toList();
            return new EnvironmentProgress(name, namespace, strategy, List.copyOf(canarySteps), approval, phase,
                    message, updatedAt, changes, plan.size() - changes.size(), canary, outcome, outcomeReason,
                    planSummary, revision);
        }
    }
}
