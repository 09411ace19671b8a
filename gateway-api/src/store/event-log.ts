import { z } from 'zod';
import type { EventPosition } from '../ledger/ledger';
import type { GatewayDatabase } from './database';

/** The audience marker of an event every user may see. */
export const PUBLIC_AUDIENCE = '*';

/** A chaincode event to append. */
export interface NewEvent {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  readonly eventName: string;
  /** The event as served to clients (JSON-serializable). */
  readonly data: unknown;
  /** Participant ids that may see it ({@link PUBLIC_AUDIENCE} for everyone). */
  readonly audience: readonly string[];
  /** A credit line the event announces, remembered so that later events can name its bank. */
  readonly creditLine?: { readonly id: string; readonly bankId: string };
}

/** An event of the log; `id` is its SSE id. */
export interface LoggedEvent {
  readonly id: number;
  readonly transactionId: string;
  readonly blockNumber: string;
  readonly eventName: string;
  /** The event as served to clients, as JSON text. */
  readonly data: string;
}

/** Whose events to read: everything (auditors) or what one participant may see. */
export type EventReader =
  { readonly all: true } | { readonly all: false; readonly participantId: string | null };

/** The append-only log of chaincode events and the listener's checkpoint, updated together. */
export interface EventLog {
  /** The last event appended, where the listener resumes. */
  checkpoint(): EventPosition | undefined;
  /** Appends an event and moves the checkpoint to it, atomically; a repeated transaction is ignored. */
  append(event: NewEvent): number | undefined;
  /** The bank of a credit line announced earlier, if any. */
  bankOfCreditLine(creditLineId: string): string | undefined;
  /** Events after `afterId` that `reader` may see, oldest first, at most `limit`. */
  readAfter(afterId: number, reader: EventReader, limit: number): readonly LoggedEvent[];
}

const CHECKPOINT_NAME = 'chaincode-events';

const EventRow = z.object({
  id: z.number().int(),
  tx_id: z.string(),
  block_number: z.string(),
  event_name: z.string(),
  data: z.string(),
});

const CheckpointRow = z.object({ block_number: z.string(), tx_id: z.string() });

const BankRow = z.object({ bank_id: z.string() });

/** The SQLite implementation of {@link EventLog}. */
export function createEventLog(db: GatewayDatabase): EventLog {
  const insertEvent = db.prepare(
    `INSERT INTO events (tx_id, block_number, event_name, data, recorded_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tx_id) DO NOTHING`,
  );
  const insertAudience = db.prepare(
    'INSERT INTO event_audience (event_id, participant_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const upsertCreditLine = db.prepare(
    'INSERT INTO credit_line_banks (credit_line_id, bank_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const upsertCheckpoint = db.prepare(
    `INSERT INTO event_checkpoint (name, block_number, tx_id) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET block_number = excluded.block_number, tx_id = excluded.tx_id`,
  );
  const selectCheckpoint = db.prepare('SELECT block_number, tx_id FROM event_checkpoint WHERE name = ?');
  const selectBank = db.prepare('SELECT bank_id FROM credit_line_banks WHERE credit_line_id = ?');
  const selectAll = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?');
  const selectVisible = db.prepare(
    `SELECT e.* FROM events e
     WHERE e.id > @afterId AND EXISTS (
       SELECT 1 FROM event_audience a
       WHERE a.event_id = e.id AND a.participant_id IN (@public, @participantId))
     ORDER BY e.id LIMIT @limit`,
  );

  const toLogged = (row: unknown): LoggedEvent => {
    const parsed = EventRow.parse(row);
    return {
      id: parsed.id,
      transactionId: parsed.tx_id,
      blockNumber: parsed.block_number,
      eventName: parsed.event_name,
      data: parsed.data,
    };
  };

  return {
    checkpoint: () => {
      const row: unknown = selectCheckpoint.get(CHECKPOINT_NAME);
      if (row === undefined) {
        return undefined;
      }
      const parsed = CheckpointRow.parse(row);
      return { blockNumber: BigInt(parsed.block_number), transactionId: parsed.tx_id };
    },
    append: db.transaction((event: NewEvent): number | undefined => {
      const blockNumber = event.blockNumber.toString();
      upsertCheckpoint.run(CHECKPOINT_NAME, blockNumber, event.transactionId);
      if (event.creditLine !== undefined) {
        upsertCreditLine.run(event.creditLine.id, event.creditLine.bankId);
      }
      const inserted = insertEvent.run(
        event.transactionId,
        blockNumber,
        event.eventName,
        JSON.stringify(event.data),
        new Date().toISOString(),
      );
      if (inserted.changes === 0) {
        return undefined;
      }
      const id = Number(inserted.lastInsertRowid);
      for (const participantId of new Set(event.audience)) {
        insertAudience.run(id, participantId);
      }
      return id;
    }),
    bankOfCreditLine: (creditLineId) => {
      const row: unknown = selectBank.get(creditLineId);
      return row === undefined ? undefined : BankRow.parse(row).bank_id;
    },
    readAfter: (afterId, reader, limit) =>
      (reader.all
        ? selectAll.all(afterId, limit)
        : selectVisible.all({ afterId, limit, public: PUBLIC_AUDIENCE, participantId: reader.participantId })
      ).map(toLogged),
  };
}
