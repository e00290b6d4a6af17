-- Teams' subscriptions to events, delivered over HTTP as signed CloudEvents.
CREATE TABLE gateway.subscriptions (
    id                uuid        PRIMARY KEY,
    name              text        NOT NULL,
    url               text        NOT NULL,
    secret_ciphertext bytea       NOT NULL,
    secret_key_id     text        NOT NULL,
    apps              text[]      NOT NULL,
    environments      text[]      NOT NULL,
    event_types       text[]      NOT NULL,
    outcomes          text[]      NOT NULL,
    created_by        text        NOT NULL,
    created_at        timestamptz NOT NULL
);

-- One row per event and subscription, in the order the events were recorded; delivered in that order.
CREATE TABLE gateway.subscription_deliveries (
    id               bigserial   PRIMARY KEY,
    subscription_id  uuid        NOT NULL REFERENCES gateway.subscriptions (id) ON DELETE CASCADE,
    event_id         text        NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX subscription_deliveries_pending ON gateway.subscription_deliveries (subscription_id, id)
    WHERE status = 'PENDING';

-- Every HTTP attempt of a delivery: the delivery log.
CREATE TABLE gateway.subscription_attempts (
    delivery_id   bigint      NOT NULL REFERENCES gateway.subscription_deliveries (id) ON DELETE CASCADE,
    attempt       integer     NOT NULL,
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    error         text,
    duration_ms   bigint      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
