package dev.slipway.gateway.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import dev.slipway.contracts.Stage;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.gateway.outbox.Emission;
import dev.slipway.gateway.replay.ReplayService;
import dev.slipway.gateway.support.ApiException;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.RunTimeline;
import dev.slipway.gateway.timeline.RunView;
import dev.slipway.gateway.timeline.StageStatus;
import dev.slipway.gateway.timeline.StageView;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * Approves or rejects a gated environment of a run that waits for it. The decision answers the
 * {@code deploy-progressed} event that asked for it; a second decision finds the run no longer waiting.
 */
public final class ApprovalService {

    /**
     * @param eventId the {@code approval-given} event's id
     */
    public record Decision(String runId, String environment, ApprovalGiven.Decision decision, String by,
            String reason, String eventId, Instant at) {
    }

    private final Database database;
    private final EventStore events;
    private final Emission emission;
    private final String service;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Runnable afterCommit;

    public ApprovalService(Database database, EventStore events, Emission emission, String service, Clock clock,
            Supplier<String> ids, Runnable afterCommit) {
        this.database = database;
        this.events = events;
        this.emission = emission;
        this.service = service;
        this.clock = clock;
        this.ids = ids;
        this.afterCommit = afterCommit;
    }

    /**
     * @throws ApiException 400 for a rejection without a reason, 404 for an unknown run, 409 when the environment is
     *         not waiting for approval
     */
    public Decision decide(String runId, String environment, ApprovalGiven.Decision decision, String by,
            String reason) {
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        if (decision == ApprovalGiven.Decision.REJECTED && why == null) {
            throw new ApiException(400, "a reason is required to reject");
        }
        Decision made = database.inTransaction(connection -> {
            ReplayService.lockRun(connection, runId);
            List<StoredEvent> run = events.forRun(connection, runId);
            if (run.isEmpty()) {
                throw new ApiException(404, "no run " + runId);
            }
            RunView view = RunTimeline.derive(runId, run);
            StageView waiting = view.stages().stream()
                    .filter(s -> s.stage() == Stage.DEPLOY && environment.equals(s.environment())
                            && s.status() == StageStatus.AWAITING_APPROVAL)
                    .findFirst()
                    .orElseThrow(() -> new ApiException(409,
                            "run " + runId + " is not waiting for approval in " + environment));
            Instant now = clock.instant();
            ApprovalGiven event = new ApprovalGiven(view.app(), environment, decision, by, why, now);
            String eventId = ids.get();
            emission.emit(connection, StoredEvent.of(event, service,
                    new RunContext(runId, waiting.lastEventId(), null), eventId, now));
            return new Decision(runId, environment, decision, by, why, eventId, now);
        });
        afterCommit.run();
        return made;
    }
}
