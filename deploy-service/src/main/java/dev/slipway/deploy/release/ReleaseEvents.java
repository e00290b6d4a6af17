package dev.slipway.deploy.release;

import java.util.concurrent.CompletionStage;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.StageFailed;

/** Where the release engine's events go: Kafka in the service, a list in tests. */
public interface ReleaseEvents {

    /** The CloudEvents source name of deploy-service. */
    String SERVICE = "deploy-service";

    void progressed(RunContext context, DeployProgressed event);

    /**
     * Emits the outcome of a release. The same outcome emitted again (after a restart, or for a redelivered request)
     * carries the same event id, so that readers see it once.
     *
     * @return completes once the broker has the event, exceptionally when it did not take it
     */
    CompletionStage<Void> deployed(RunContext context, Deployed event);

    void failed(RunContext context, StageFailed event);

    void backupRequested(RunContext context, BackupRequested event);
}
