-- Registered repositories; the webhook secret only as AES-GCM ciphertext under the gateway key.
CREATE TABLE gateway.repositories (
    id                uuid        PRIMARY KEY,
    app               text        NOT NULL UNIQUE,
    provider          text        NOT NULL,
    full_name         text        NOT NULL,
    clone_url         text        NOT NULL,
    default_branch    text        NOT NULL,
    branches          text[]      NOT NULL,
    secret_ciphertext bytea       NOT NULL,
    secret_key_id     text        NOT NULL,
    created_at        timestamptz NOT NULL,
    UNIQUE (provider, full_name)
);

-- Each accepted push once: a redelivery finds its first run here.
CREATE TABLE gateway.webhook_deliveries (
    provider     text        NOT NULL,
    delivery_id  text        NOT NULL,
    body_sha256  text        NOT NULL,
    app          text        NOT NULL,
    run_id       text        NOT NULL,
    event_id     text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, delivery_id, body_sha256)
);

-- Every event of every run: the timeline and the source of replays. Run state is derived from these rows.
CREATE TABLE gateway.events (
    event_id     text        PRIMARY KEY,
    seq          bigserial   NOT NULL,
    topic        text        NOT NULL,
    type         text        NOT NULL,
    source       text,
    app          text        NOT NULL,
    run_id       text        NOT NULL,
    causation_id text,
    replay_of    text,
    event_time   timestamptz NOT NULL,
    payload      jsonb       NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    -- Set when the event was first read back from Kafka, so the live stream shows each event once.
    streamed     boolean     NOT NULL DEFAULT false
);
CREATE INDEX events_run ON gateway.events (run_id, event_time, seq);
CREATE INDEX events_app_time ON gateway.events (app, event_time DESC);
CREATE INDEX events_time ON gateway.events (event_time DESC);

-- The transactional outbox: written with the change that emits the event, published by the relay.
CREATE TABLE gateway.outbox (
    id           bigserial   PRIMARY KEY,
    event_id     text        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    type         text        NOT NULL,
    source       text        NOT NULL,
    app          text        NOT NULL,
    run_id       text        NOT NULL,
    causation_id text,
    replay_of    text,
    event_time   timestamptz NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text
);
CREATE INDEX outbox_pending ON gateway.outbox (id) WHERE sent_at IS NULL;

-- Who replayed what, when and why.
CREATE TABLE gateway.replays (
    id                uuid        PRIMARY KEY,
    run_id            text        NOT NULL,
    stage             text        NOT NULL,
    original_event_id text        NOT NULL,
    new_event_id      text        NOT NULL,
    requested_by      text        NOT NULL,
    reason            text        NOT NULL,
    forced            boolean     NOT NULL,
    requested_at      timestamptz NOT NULL
);
CREATE INDEX replays_run ON gateway.replays (run_id, requested_at);
