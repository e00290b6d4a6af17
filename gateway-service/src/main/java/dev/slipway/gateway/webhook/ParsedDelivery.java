package dev.slipway.gateway.webhook;

import java.time.Instant;

/** What a verified webhook asks for. */
public sealed interface ParsedDelivery {

    /** The provider checks that the hook is reachable: answered 200, nothing emitted. */
    record Ping() implements ParsedDelivery {
    }

    /** Valid, but starts no run (another event type, a tag, a deleted branch): answered 202 with the reason. */
    record Ignored(String reason) implements ParsedDelivery {
    }

    /**
     * A push to a branch.
     *
     * @param branch the branch name, without {@code refs/heads/}
     * @param before the sha the branch pointed to before
     * @param after the pushed sha
     * @param author who pushed
     * @param message the head commit's message, or null
     * @param pushedAt the head commit's timestamp, or null when the payload has none
     */
    record Push(String branch, String before, String after, String author, String message, Instant pushedAt)
            implements
                ParsedDelivery {
    }
}
