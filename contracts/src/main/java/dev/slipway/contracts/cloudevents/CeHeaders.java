package dev.slipway.contracts.cloudevents;

/**
 * Kafka record header names of the CloudEvents 1.0 binary mode, as SmallRye's Kafka connector writes them, and
 * Slipway's three extension attributes.
 */
public final class CeHeaders {

    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    /** Extension: the pipeline run, fixed when the commit is accepted. */
    public static final String RUN_ID = "ce_" + Extensions.RUN_ID;
    /** Extension: the {@code ce_id} of the event this one answers. */
    public static final String CAUSATION_ID = "ce_" + Extensions.CAUSATION_ID;
    /** Extension: set on a replay, the {@code ce_id} it repeats. */
    public static final String REPLAY_OF = "ce_" + Extensions.REPLAY_OF;

    public static final String SPEC_VERSION_1_0 = "1.0";

    /** CloudEvents extension attribute names (without the Kafka {@code ce_} prefix). */
    public static final class Extensions {
        public static final String RUN_ID = "runid";
        public static final String CAUSATION_ID = "causationid";
        public static final String REPLAY_OF = "replayof";

        private Extensions() {
        }
    }

    private CeHeaders() {
    }
}
