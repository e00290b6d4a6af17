-- Records put back from a dead-letter topic onto their own topic: who, when, why.
CREATE TABLE gateway.dead_letter_replays (
    id               uuid        PRIMARY KEY,
    dlq_topic        text        NOT NULL,
    dlq_partition    integer     NOT NULL,
    dlq_offset       bigint      NOT NULL,
    topic            text        NOT NULL,
    original_id      text,
    new_event_id     text        NOT NULL,
    requested_by     text        NOT NULL,
    reason           text        NOT NULL,
    requested_at     timestamptz NOT NULL
);
CREATE INDEX dead_letter_replays_record ON gateway.dead_letter_replays (dlq_topic, dlq_partition, dlq_offset);
