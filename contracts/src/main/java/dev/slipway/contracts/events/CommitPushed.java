package dev.slipway.contracts.events;

import java.time.Instant;

/**
 * A push to a registered repository was accepted: a run starts. Produced by gateway-service, consumed by
 * build-service.
 *
 * @param app the application (the repository's registered name)
 * @param commit the pushed commit
 * @param before the sha the branch pointed to before the push
 * @param author who pushed
 * @param message the head commit's message
 * @param pushedAt when the provider says the push happened
 * @param deliveryId the provider's delivery id of the webhook
 */
public record CommitPushed(
        String app,
        CommitRef commit,
        String before,
        String author,
        String message,
        Instant pushedAt,
        String deliveryId) implements Event {
}
