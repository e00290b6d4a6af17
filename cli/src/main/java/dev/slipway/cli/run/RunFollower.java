package dev.slipway.cli.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.http.ServerSentEvents;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;

/**
 * Follows a run until it finishes: listens to the gateway's live event stream ({@code GET /api/events/stream}) for the
 * run's events, re-reads the run after each one and at least every {@code interval} (so a stream that is refused or
 * drops costs only latency), and keeps each environment's latest canary step from the stream.
 */
public final class RunFollower {

    /** What the follower shows. */
    public interface View {

        /** The run as it stands; called at least once, and again after every change and every interval. */
        void show(Snapshot snapshot);
    }

    /**
     * @param raw the gateway's answer, as it came
     * @param detail the same, read
     * @param canaries the latest canary progress per environment
     * @param at when it was read
     */
    public record Snapshot(JsonNode raw, RunView.Detail detail, Map<String, CanaryProgress> canaries, Instant at) {

        public RunView run() {
            return detail.run();
        }
    }

    private final ApiClient gateway;
    private final Clock clock;
    private final Duration interval;
    private final Duration timeout;
    private final Consumer<String> notices;

    /**
     * @param interval the longest time between two reads of the run
     * @param timeout how long to follow before giving up, or null to follow until the run finishes
     * @param notices told when the live event stream opens or fails
     */
    public RunFollower(ApiClient gateway, Clock clock, Duration interval, Duration timeout,
            Consumer<String> notices) {
        this.gateway = gateway;
        this.clock = clock;
        this.interval = interval;
        this.timeout = timeout;
        this.notices = notices;
    }

    /** Reads a run once. */
    public static Snapshot read(ApiClient gateway, String runId, Map<String, CanaryProgress> canaries, Instant at) {
        JsonNode raw = gateway.get("/api/runs/" + ApiClient.segment(runId));
        try {
            return new Snapshot(raw, Json.MAPPER.treeToValue(raw, RunView.Detail.class), Map.copyOf(canaries), at);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "the gateway's answer for run " + runId
                    + " is not a run");
        }
    }

    /**
     * Follows {@code runId} until it finishes.
     *
     * @return the run as it finished
     * @throws CliException {@link ExitCode#TIMEOUT} when the time is up first, or the gateway's error
     */
    public RunView follow(String runId, View view) {
        Instant start = clock.instant();
        Map<String, CanaryProgress> canaries = new HashMap<>();
        Snapshot snapshot = read(gateway, runId, canaries, start);
        view.show(snapshot);
        if (snapshot.run().finished()) {
            return snapshot.run();
        }
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        AtomicReference<Stream<String>> stream = new AtomicReference<>();
        Thread listener = listen(snapshot.run().app(), runId, events, stream);
        try {
            while (true) {
                Duration wait = interval;
                if (timeout != null) {
                    Duration left = Duration.between(clock.instant(), start.plus(timeout));
                    if (left.isNegative() || left.isZero()) {
                        throw new CliException(ExitCode.TIMEOUT, "run " + runId + " is still "
                                + snapshot.run().status() + " after " + timeout.toSeconds() + "s");
                    }
                    wait = left.compareTo(interval) < 0 ? left : interval;
                }
                JsonNode event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                while (event != null) {
                    track(event, canaries);
                    event = events.poll();
                }
                snapshot = read(gateway, runId, canaries, clock.instant());
                view.show(snapshot);
                if (snapshot.run().finished()) {
                    return snapshot.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.TIMEOUT, "interrupted while following run " + runId);
        } finally {
            Stream<String> lines = stream.get();
            if (lines != null) {
                lines.close();
            }
            listener.interrupt();
        }
    }

    /** Keeps the canary progress a {@code deploy-progressed} event carries. */
    static void track(JsonNode event, Map<String, CanaryProgress> canaries) {
        String type = event.path("type").asText();
        JsonNode data = event.path("data");
        String environment = data.path("environment").asText(null);
        if (environment == null) {
            return;
        }
        if (EventTypes.DEPLOY_PROGRESSED.equals(type)) {
            try {
                DeployProgressed progressed = Json.MAPPER.treeToValue(data, DeployProgressed.class);
                if (progressed.canary() != null) {
                    canaries.put(environment, progressed.canary());
                } else if (progressed.phase() == DeployProgressed.Phase.PROMOTED
                        || progressed.phase() == DeployProgressed.Phase.ROLLING_BACK) {
                    canaries.remove(environment);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // A payload this version cannot read: the run view still shows the stage.
            }
        } else if (EventTypes.DEPLOYED.equals(type) || EventTypes.CHART_PUBLISHED.equals(type)) {
            canaries.remove(environment);
        }
    }

    private Thread listen(String app, String runId, BlockingQueue<JsonNode> events,
            AtomicReference<Stream<String>> stream) {
        Thread thread = new Thread(() -> {
            try {
                Stream<String> lines = gateway.openLines("/api/events/stream", Map.of("app", app));
                stream.set(lines);
                notices.accept("watching live events of " + app);
                ServerSentEvents parser = new ServerSentEvents();
                lines.forEach(line -> parser.accept(line).ifPresent(data -> {
                    try {
                        JsonNode event = Json.MAPPER.readTree(data);
                        if (runId.equals(event.path("runId").asText())) {
                            events.offer(event);
                        }
                    } catch (JsonProcessingException e) {
                        // not an event: skip it
                    }
                }));
            } catch (RuntimeException e) {
                // Refused, dropped, or closed as following ends: reading the run every interval carries on.
                if (!Thread.currentThread().isInterrupted() && stream.get() == null) {
                    notices.accept("no live events (" + e.getMessage() + "); reading the run every "
                            + interval.toSeconds() + "s");
                }
            }
        }, "slipway-event-stream");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
