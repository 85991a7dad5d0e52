-- Migration 0002: transport state beside the ledger (issue 14): the outbox (what is to be sent,
-- the SAME bytes on every retry), the inbox (answers fetched, stored before acknowledging),
-- status changes with their meldingen, and alarms. Payloads are base64 text (portable).
-- IF NOT EXISTS: a database whose ledger tables were dropped by hand keeps migrating.
CREATE TABLE IF NOT EXISTS transport_outbox (
    traceer_id VARCHAR(100) NOT NULL PRIMARY KEY,
    metadata TEXT NOT NULL,
    payload TEXT NOT NULL,
    state VARCHAR(20) NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at VARCHAR(40) NOT NULL,
    vecozo_status VARCHAR(60),
    status_changed_at VARCHAR(40),
    sent_at VARCHAR(40),
    findings TEXT,
    lease_owner VARCHAR(100),
    lease_until VARCHAR(40),
    updated_at VARCHAR(40) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_transport_outbox_state ON transport_outbox (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS transport_inbox (
    traceer_id VARCHAR(100) NOT NULL PRIMARY KEY,
    metadata TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at VARCHAR(40),
    stored_at VARCHAR(40) NOT NULL,
    acknowledged_at VARCHAR(40),
    answer_to VARCHAR(100)
);
CREATE TABLE IF NOT EXISTS transport_events (
    traceer_id VARCHAR(100) NOT NULL,
    at VARCHAR(40) NOT NULL,
    status VARCHAR(60) NOT NULL,
    meldingen TEXT NOT NULL,
    CONSTRAINT ux_transport_event UNIQUE (traceer_id, status)
);
CREATE TABLE IF NOT EXISTS transport_alarms (
    kind VARCHAR(30) NOT NULL,
    traceer_id VARCHAR(100) NOT NULL,
    raised_at VARCHAR(40) NOT NULL,
    text TEXT NOT NULL,
    CONSTRAINT pk_transport_alarm PRIMARY KEY (kind, traceer_id)
);
