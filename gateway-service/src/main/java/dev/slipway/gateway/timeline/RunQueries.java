package dev.slipway.gateway.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import dev.slipway.gateway.support.Database;

/** Reads runs: their events from the store, their state derived on the way out. */
public final class RunQueries {

    /** How many runs a status filter looks through, at most, to fill a page. */
    static final int MAX_SCAN = 2000;

    private final Database database;
    private final EventStore events;

    public RunQueries(Database database, EventStore events) {
        this.database = database;
        this.events = events;
    }

    public Optional<RunView> run(String runId) {
        List<StoredEvent> run = database.read(connection -> events.forRun(connection, runId));
        return run.isEmpty() ? Optional.empty() : Optional.of(RunTimeline.derive(runId, run));
    }

    /**
     * The newest runs first, optionally of one application and in one status.
     *
     * @param app the application, or null for all
     * @param status the status, or null for any
     */
    public List<RunView> runs(String app, RunStatus status, int limit) {
        return runs(app, status, null, limit);
    }

    /**
     * The newest runs first, optionally of one application and in one status, after the run {@code before} in that
     * order: the next page of a list that ended with {@code before}.
     *
     * @param before the last run of the previous page, or null for the first page
     * @throws NoSuchElementException when {@code before} names no run
     */
    public List<RunView> runs(String app, RunStatus status, String before, int limit) {
        int scan = status == null ? limit : Math.min(MAX_SCAN, Math.max(limit * 10, 200));
        return database.read(connection -> {
            EventStore.RunHead after = before == null
                    ? null
                    : events.runHead(connection, before).orElseThrow(
                            () -> new NoSuchElementException("no run " + before));
            List<EventStore.RunHead> heads = events.recentRuns(connection, app, after, scan);
            Map<String, List<StoredEvent>> byRun = events.forRuns(connection,
                    heads.stream().map(EventStore.RunHead::runId).toList());
            List<RunView> found = new ArrayList<>();
            for (EventStore.RunHead head : heads) {
                RunView view = RunTimeline.derive(head.runId(), byRun.get(head.runId()));
                if (status == null || view.status() == status) {
                    found.add(view.summary());
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            return found;
        });
    }
}
