package dev.slipway.gateway.timeline;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.events.CommitRef;

/**
 * Derives a run's stages and status from its events alone. Each stage's input restarts it and everything after it
 * (a replay), each output or {@code stage-failed} ends it; the run's status follows from the stages.
 */
public final class RunTimeline {

    private final Map<String, StageState> stages = new LinkedHashMap<>();
    private final List<String> environments = new ArrayList<>();
    private CommitRef commit;

    private RunTimeline() {
    }

    /** The run {@code runId} from its events, in any order. */
    public static RunView derive(String runId, List<StoredEvent> events) {
        List<StoredEvent> ordered = events.stream().sorted(Comparator.comparing(StoredEvent::time)).toList();
        RunTimeline timeline = new RunTimeline();
        ordered.forEach(timeline::apply);
        List<StageView> stageViews = timeline.stages.values().stream().map(StageState::view).toList();
        String app = ordered.isEmpty() ? null : ordered.get(0).app();
        return new RunView(runId, app, timeline.status(), timeline.commit,
                ordered.isEmpty() ? null : ordered.get(0).time(),
                ordered.isEmpty() ? null : ordered.get(ordered.size() - 1).time(), stageViews,
                ordered.stream().map(e -> new RunView.EventSummary(e.eventId(), e.type(), e.topic(), e.source(),
                        e.time(), e.causationId(), e.replayOf())).toList());
    }

    /** The event a replay of {@code stage} repeats: the failed input if a failure names it, else the latest input. */
    public static Optional<StoredEvent> inputOf(Stage stage, List<StoredEvent> events) {
        if (stage.inputTopic() == null) {
            return Optional.empty();
        }
        List<StoredEvent> ordered = events.stream().sorted(Comparator.comparing(StoredEvent::time)).toList();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            StoredEvent event = ordered.get(i);
            if (event.kind() == EventKind.STAGE_FAILED) {
                JsonNode failure = tree(event);
                String inputId = text(failure, "inputEventId");
                if (stage.name().equals(text(failure, "stage")) && inputId != null) {
                    Optional<StoredEvent> input = ordered.stream().filter(e -> e.eventId().equals(inputId))
                            .findFirst();
                    if (input.isPresent()) {
                        return input;
                    }
                }
            }
        }
        for (int i = ordered.size() - 1; i >= 0; i--) {
            if (stage.inputTopic().equals(ordered.get(i).topic())) {
                return Optional.of(ordered.get(i));
            }
        }
        return Optional.empty();
    }

    private void apply(StoredEvent event) {
        Optional<EventKind> kind = EventKind.byType(event.type());
        if (kind.isEmpty()) {
            return;
        }
        JsonNode data = tree(event);
        String environment = text(data, "environment");
        switch (kind.get()) {
            case COMMIT_PUSHED -> {
                commit = treeToValue(data.path("commit"), CommitRef.class);
                stages.clear();
                stage(Stage.ACCEPT, null).finish(StageStatus.SUCCEEDED, event);
                stage(Stage.BUILD, null).start(event, event.eventId());
            }
            case IMAGE_BUILT -> {
                stage(Stage.BUILD, null).finish(StageStatus.SUCCEEDED, event);
                removeFrom(Stage.CHART);
                readEnvironments(data);
                stage(Stage.CHART, null).start(event, event.eventId());
            }
            case CHART_PUBLISHED -> {
                stage(Stage.CHART, null).finish(StageStatus.SUCCEEDED, event);
                removeFrom(Stage.DEPLOY);
                readEnvironments(data);
                for (String env : environments) {
                    stage(Stage.DEPLOY, env).pending(event.eventId());
                }
            }
            case DEPLOY_PROGRESSED -> {
                StageState deploy = stage(Stage.DEPLOY, environment);
                if (deploy.startedAt == null || deploy.finishedAt != null) {
                    deploy.start(event, deploy.inputEventId);
                }
                deploy.lastEventId = event.eventId();
                deploy.message = text(data, "message");
                deploy.status = "AWAITING_APPROVAL".equals(text(data, "phase"))
                        ? StageStatus.AWAITING_APPROVAL
                        : StageStatus.RUNNING;
            }
            case APPROVAL_GIVEN -> {
                StageState deploy = stage(Stage.DEPLOY, environment);
                if (deploy.status == StageStatus.AWAITING_APPROVAL) {
                    deploy.status = StageStatus.RUNNING;
                }
                deploy.lastEventId = event.eventId();
                String reason = text(data, "reason");
                deploy.message = ("REJECTED".equals(text(data, "decision")) ? "rejected" : "approved") + " by "
                        + text(data, "by") + (reason == null ? "" : ": " + reason);
            }
            case DEPLOYED -> {
                StageState deploy = stage(Stage.DEPLOY, environment);
                deploy.finish(deployStatus(text(data, "outcome")), event);
                deploy.reason = text(data, "reason");
                deploy.message = text(data, "planSummary");
            }
            case SECRETS_SYNCED -> stage(Stage.SECRETS, environment).finish(StageStatus.SUCCEEDED, event);
            case BACKUP_REQUESTED -> stage(Stage.BACKUP, environment).start(event, event.eventId());
            case BACKUP_DONE -> {
                StageState backup = stage(Stage.BACKUP, environment);
                backup.finish("SUCCEEDED".equals(text(data, "outcome")) ? StageStatus.SUCCEEDED : StageStatus.FAILED,
                        event);
                backup.reason = text(data, "reason");
            }
            case STAGE_FAILED -> {
                Stage failed = stageOf(text(data, "stage"));
                if (failed != null) {
                    StageState state = stage(failed, environment);
                    state.finish(StageStatus.FAILED, event);
                    state.reason = text(data, "reason");
                    state.message = text(data, "message");
                    if (text(data, "inputEventId") != null) {
                        state.inputEventId = text(data, "inputEventId");
                    }
                }
            }
        }
    }

    private RunStatus status() {
        List<StageStatus> statuses = stages.values().stream().map(s -> s.status).toList();
        if (statuses.contains(StageStatus.FAILED) || statuses.contains(StageStatus.REJECTED)) {
            return RunStatus.FAILED;
        }
        if (statuses.contains(StageStatus.ROLLED_BACK)) {
            return RunStatus.ROLLED_BACK;
        }
        if (statuses.contains(StageStatus.AWAITING_APPROVAL)) {
            return RunStatus.AWAITING_APPROVAL;
        }
        if (statuses.contains(StageStatus.SUPERSEDED)) {
            return RunStatus.SUPERSEDED;
        }
        List<StageState> deploys = stages.values().stream().filter(s -> s.stage == Stage.DEPLOY).toList();
        boolean allDeployed = !deploys.isEmpty()
                && deploys.stream().allMatch(s -> s.status == StageStatus.SUCCEEDED)
                && environments.stream().allMatch(env -> stages.containsKey(key(Stage.DEPLOY, env)));
        boolean nothingRunning = !statuses.contains(StageStatus.RUNNING) && !statuses.contains(StageStatus.PENDING);
        return allDeployed && nothingRunning ? RunStatus.SUCCEEDED : RunStatus.RUNNING;
    }

    private StageState stage(Stage stage, String environment) {
        return stages.computeIfAbsent(key(stage, environment), k -> new StageState(stage, environment));
    }

    /** Drops {@code from} and every later stage: their input is being produced again. */
    private void removeFrom(Stage from) {
        stages.values().removeIf(s -> s.stage.ordinal() >= from.ordinal() && s.stage != Stage.BACKUP);
    }

    private void readEnvironments(JsonNode data) {
        JsonNode declared = data.path("spec").path("environments");
        if (declared.isArray() && !declared.isEmpty()) {
            environments.clear();
            declared.forEach(env -> Optional.ofNullable(text(env, "name")).ifPresent(environments::add));
        }
    }

    private static StageStatus deployStatus(String outcome) {
        if (outcome == null) {
            return StageStatus.FAILED;
        }
        return switch (outcome) {
            case "SUCCEEDED" -> StageStatus.SUCCEEDED;
            case "ROLLED_BACK" -> StageStatus.ROLLED_BACK;
            case "REJECTED" -> StageStatus.REJECTED;
            case "SUPERSEDED" -> StageStatus.SUPERSEDED;
            default -> StageStatus.FAILED;
        };
    }

    private static Stage stageOf(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Stage.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String key(Stage stage, String environment) {
        return stage + "/" + Objects.toString(environment, "");
    }

    static JsonNode tree(StoredEvent event) {
        try {
            JsonNode node = Json.MAPPER.readTree(event.payload());
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static <T> T treeToValue(JsonNode node, Class<T> type) {
        if (!node.isObject()) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static final class StageState {
        final Stage stage;
        final String environment;
        StageStatus status = StageStatus.PENDING;
        Instant startedAt;
        Instant finishedAt;
        String reason;
        String message;
        String inputEventId;
        String lastEventId;

        StageState(Stage stage, String environment) {
            this.stage = stage;
            this.environment = environment;
        }

        void pending(String input) {
            status = StageStatus.PENDING;
            startedAt = null;
            finishedAt = null;
            reason = null;
            message = null;
            inputEventId = input;
        }

        void start(StoredEvent event, String input) {
            status = StageStatus.RUNNING;
            startedAt = event.time();
            finishedAt = null;
            reason = null;
            message = null;
            inputEventId = input;
            lastEventId = event.eventId();
        }

        void finish(StageStatus outcome, StoredEvent event) {
            if (startedAt == null) {
                startedAt = event.time();
            }
            status = outcome;
            finishedAt = event.time();
            lastEventId = event.eventId();
        }

        StageView view() {
            Long duration = startedAt != null && finishedAt != null
                    ? Duration.between(startedAt, finishedAt).toMillis()
                    : null;
            return new StageView(stage, environment, status, startedAt, finishedAt, duration, reason, message,
                    inputEventId, lastEventId);
        }
    }
}
