-- Ciphertext only: no column ever holds a plaintext value or an unwrapped key.

-- One data key per application and environment, wrapped by the key-encryption key kek_id.
CREATE TABLE secrets.data_keys (
    app          text        NOT NULL,
    environment  text        NOT NULL,
    kek_id       text        NOT NULL,
    nonce        bytea       NOT NULL,
    wrapped      bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    rewrapped_at timestamptz,
    PRIMARY KEY (app, environment)
);

-- The current version of each secret. A deleted secret keeps its row without ciphertext, so that setting it again
-- continues its version sequence and the checksum of keys and versions never repeats an earlier one.
CREATE TABLE secrets.secret_values (
    app                  text        NOT NULL,
    environment          text        NOT NULL,
    key                  text        NOT NULL,
    version              integer     NOT NULL CHECK (version >= 1),
    nonce                bytea,
    ciphertext           bytea,
    deleted              boolean     NOT NULL DEFAULT false,
    source               text        NOT NULL,
    gen_length           integer,
    gen_alphabet         text,
    rotate_every_seconds bigint,
    updated_at           timestamptz NOT NULL,
    updated_by           text        NOT NULL,
    PRIMARY KEY (app, environment, key),
    FOREIGN KEY (app, environment) REFERENCES secrets.data_keys (app, environment),
    CHECK (deleted = (ciphertext IS NULL)),
    CHECK (deleted OR nonce IS NOT NULL)
);

-- The RSA key pairs values are sealed with; the private key wrapped by a key-encryption key.
CREATE TABLE secrets.sealing_keys (
    id          text        PRIMARY KEY,
    public_pem  text        NOT NULL,
    kek_id      text        NOT NULL,
    nonce       bytea       NOT NULL,
    wrapped     bytea       NOT NULL,
    active      boolean     NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX sealing_keys_one_active ON secrets.sealing_keys (active) WHERE active;

-- Where each application's environments live, learned from the pipeline spec in chart-published.
CREATE TABLE secrets.targets (
    app            text        NOT NULL,
    environment    text        NOT NULL,
    namespace      text        NOT NULL,
    position       integer     NOT NULL,
    learned_at     timestamptz NOT NULL,
    last_checksum  text,
    last_synced_at timestamptz,
    PRIMARY KEY (app, environment)
);

-- Who set, rotated, deleted or synced what. Never a value.
CREATE TABLE secrets.audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    app         text        NOT NULL,
    environment text,
    key         text,
    version     integer,
    detail      text
);
CREATE INDEX audit_log_by_app ON secrets.audit_log (app, id DESC);

-- A known text encrypted under each key-encryption key, so a wrong key with a right id stops the start instead of
-- wrapping new data keys that the right key could never open.
CREATE TABLE secrets.kek_checks (
    kek_id     text        PRIMARY KEY,
    nonce      bytea       NOT NULL,
    check_ct   bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
