package dev.slipway.deploy.release;

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

    void deployed(RunContext context, Deployed event);

    void failed(RunContext context, StageFailed event);

    void backupRequested(RunContext context, BackupRequested event);
}
