import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** The gateway's SQLite database (users, idempotency records, transaction journal, event log). */
export type GatewayDatabase = Database.Database;

/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    username        TEXT PRIMARY KEY,
    org             TEXT NOT NULL,
    msp_id          TEXT NOT NULL,
    participant_id  TEXT,
    role            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('PROVISIONING', 'ACTIVE')),
    password_hash   TEXT,
    certificate     TEXT,
    sealed_key      BLOB,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT;

  CREATE TABLE idempotency_keys (
    username      TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
    status_code   INTEGER,
    response      TEXT,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (username, key)
  ) STRICT;

  CREATE TABLE transaction_journal (
    tx_id            TEXT PRIMARY KEY,
    username         TEXT NOT NULL,
    org              TEXT NOT NULL,
    fn               TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('PENDING', 'COMMITTED', 'INVALID', 'NOT_SUBMITTED', 'UNKNOWN')),
    validation_code  TEXT,
    block_number     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX transaction_journal_pending ON transaction_journal (state) WHERE state = 'PENDING';

  CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tx_id         TEXT NOT NULL UNIQUE,
    block_number  TEXT NOT NULL,
    event_name    TEXT NOT NULL,
    data          TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
  ) STRICT;

  CREATE TABLE event_audience (
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL,
    PRIMARY KEY (participant_id, event_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE credit_line_banks (
    credit_line_id  TEXT PRIMARY KEY,
    bank_id         TEXT NOT NULL
  ) STRICT;

  CREATE TABLE event_checkpoint (
    name          TEXT PRIMARY KEY,
    block_number  TEXT NOT NULL,
    tx_id         TEXT NOT NULL
  ) STRICT;
  `,
  // An idempotency key stays bound to its transaction until the outcome is known.
  `
  CREATE TABLE idempotency_keys_v2 (
    username      TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('IN_FLIGHT', 'PENDING', 'COMMITTED', 'DONE')),
    status_code   INTEGER,
    response      TEXT,
    tx_id         TEXT,
    owner         TEXT,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (username, key)
  ) STRICT;
  INSERT INTO idempotency_keys_v2 (username, key, request_hash, state, status_code, response, created_at)
    SELECT username, key, request_hash, state, status_code, response, created_at FROM idempotency_keys;
  DROP TABLE idempotency_keys;
  ALTER TABLE idempotency_keys_v2 RENAME TO idempotency_keys;
  CREATE INDEX idempotency_keys_tx ON idempotency_keys (tx_id) WHERE tx_id IS NOT NULL;
  `,
  // The CA enrollment secret the gateway generated for an identity being provisioned, sealed.
  `
  ALTER TABLE users ADD COLUMN sealed_secret BLOB;
  `,
  // Who may see an event is the chaincode's to say (GetReceivable as the reader), not a gateway copy.
  `
  DROP TABLE event_audience;
  DROP TABLE credit_line_banks;
  `,
  // What the ledger needs to send a transaction of unknown outcome again under its own id.
  `
  ALTER TABLE transaction_journal ADD COLUMN resume_state TEXT;
  `,
];

/**
 * Opens (creating it and its directory when needed) the database at `path`, readable by its owner
 * only (it holds encrypted keys and password hashes), in WAL mode, and brings its schema up to date. `:memory:` opens a private in-memory database.
 */
export function openDatabase(path: string): GatewayDatabase {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }
  const db = new Database(path);
  if (path !== ':memory:') {
    chmodSync(path, 0o600);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const applied = db.pragma('user_version', { simple: true });
  const from = typeof applied === 'number' ? applied : 0;
  db.transaction(() => {
    for (const migration of MIGRATIONS.slice(from)) {
      db.exec(migration);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
