package dev.slipway.deploy.support;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.deploy.release.ReleaseEvents;

/** Keeps every event the engine emits, in order, with when it was emitted. */
public final class RecordingEvents implements ReleaseEvents {

    public record Emitted(RunContext context, Event event, Instant at) {
    }

    private final List<Emitted> all = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refuseOutcomes = new AtomicBoolean();

    @Override
    public void progressed(RunContext context, DeployProgressed event) {
        all.add(new Emitted(context, event, Instant.now()));
    }

    @Override
    public CompletionStage<Void> deployed(RunContext context, Deployed event) {
        all.add(new Emitted(context, event, Instant.now()));
        return refuseOutcomes.get()
                ? CompletableFuture.failedFuture(new IllegalStateException("the broker is away"))
                : CompletableFuture.completedFuture(null);
    }

    /** Whether the broker takes {@code deployed} events from now on (it does unless told). */
    public void brokerTakesOutcomes(boolean takes) {
        refuseOutcomes.set(!takes);
    }

    @Override
    public void failed(RunContext context, StageFailed event) {
        all.add(new Emitted(context, event, Instant.now()));
    }

    @Override
    public void backupRequested(RunContext context, BackupRequested event) {
        all.add(new Emitted(context, event, Instant.now()));
    }

    public List<Emitted> all() {
        return List.copyOf(all);
    }

    public <T extends Event> List<T> of(Class<T> type) {
        return all.stream().map(Emitted::event).filter(type::isInstance).map(type::cast).toList();
    }

    public List<DeployProgressed> progressed(String environment) {
        return of(DeployProgressed.class).stream().filter(e -> e.environment().equals(environment)).toList();
    }

    public List<DeployProgressed> progressed(String environment, DeployProgressed.Phase phase) {
        return progressed(environment).stream().filter(e -> e.phase() == phase).toList();
    }

    public List<Deployed> deployed(String environment) {
        return of(Deployed.class).stream().filter(e -> e.environment().equals(environment)).toList();
    }

    public boolean any(Predicate<Event> match) {
        return all.stream().map(Emitted::event).anyMatch(match);
    }

    /** The first emission matching, or null. */
    public Emitted first(Predicate<Event> match) {
        return all.stream().filter(e -> match.test(e.event())).findFirst().orElse(null);
    }

    public List<RunContext> contextsOf(Class<? extends Event> type) {
        return all.stream().filter(e -> type.isInstance(e.event())).map(Emitted::context).toList();
    }

    public void clear() {
        all.clear();
    }
}
