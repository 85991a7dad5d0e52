-- Migration 0001: the message ledger. Portable SQL (SQLite 3.8+ and PostgreSQL 12+).
-- Uniqueness is the database's job: each rule below is a unique constraint or index, so two
-- writers can never both record a duplicate (no read-then-write).
CREATE TABLE ledger_messages (
    traceer_id VARCHAR(100) NOT NULL,
    conversatie_id VARCHAR(100),
    als_antwoord_op VARCHAR(100),
    direction VARCHAR(6) NOT NULL,
    message VARCHAR(20) NOT NULL,
    request_message VARCHAR(20),
    family VARCHAR(10) NOT NULL,
    sender VARCHAR(100),
    receiver VARCHAR(100),
    identificatie VARCHAR(100),
    dagtekening VARCHAR(10),
    declaratienummer VARCHAR(100),
    answer_reference VARCHAR(100),
    payload_sha256 VARCHAR(64),
    state VARCHAR(20) NOT NULL,
    sent_on VARCHAR(10) NOT NULL,
    recorded_at VARCHAR(40) NOT NULL,
    answer_to VARCHAR(100),
    link_method VARCHAR(20),
    CONSTRAINT pk_ledger_traceer PRIMARY KEY (traceer_id),
    CONSTRAINT fk_ledger_answer_to FOREIGN KEY (answer_to) REFERENCES ledger_messages (traceer_id)
);
-- CC08 / BRS114: a traceerId once (the primary key); a request's conversatieId once.
CREATE UNIQUE INDEX ux_ledger_conversation ON ledger_messages (conversatie_id) WHERE direction = 'heen';
-- BRS20 / TR056: Identificatie unique per sender per message type.
CREATE UNIQUE INDEX ux_ledger_identificatie ON ledger_messages (sender, message, identificatie);
-- TR333: DeclaratieNummer unique per provider per legal domain (the family).
CREATE UNIQUE INDEX ux_ledger_declaratienummer ON ledger_messages (sender, family, declaratienummer);
-- CC11: one answer per request; an answer VECOZO rejected does not count.
CREATE UNIQUE INDEX ux_ledger_one_answer ON ledger_messages (answer_to) WHERE state <> 'rejected';
CREATE INDEX ix_ledger_reference ON ledger_messages (message, identificatie);
CREATE INDEX ix_ledger_requests ON ledger_messages (direction, sent_on);
