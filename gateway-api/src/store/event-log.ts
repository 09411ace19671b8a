import { z } from 'zod';
import type { EventPosition } from '../ledger/ledger';
import type { GatewayDatabase } from './database';

/** A chaincode event to append. */
export interface NewEvent {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  readonly eventName: string;
  /** The event as served to clients (JSON-serializable). */
  readonly data: unknown;
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

/**
 * The append-only log of chaincode events and the listener's checkpoint (block + transaction),
 * updated together. Who may see an event is not kept here: the event stream asks the chaincode.
 */
export interface EventLog {
  /** The last event appended, where the listener resumes. */
  checkpoint(): EventPosition | undefined;
  /** Appends an event and moves the checkpoint to it, atomically; a repeated transaction is ignored. */
  append(event: NewEvent): number | undefined;
  /** Events after `afterId`, oldest first, at most `limit`. */
  readAfter(afterId: number, limit: number): readonly LoggedEvent[];
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

/** The SQLite implementation of {@link EventLog}. */
export function createEventLog(db: GatewayDatabase): EventLog {
  const insertEvent = db.prepare(
    `INSERT INTO events (tx_id, block_number, event_name, data, recorded_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tx_id) DO NOTHING`,
  );
  const upsertCheckpoint = db.prepare(
    `INSERT INTO event_checkpoint (name, block_number, tx_id) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET block_number = excluded.block_number, tx_id = excluded.tx_id`,
  );
  const selectCheckpoint = db.prepare('SELECT block_number, tx_id FROM event_checkpoint WHERE name = ?');
  const selectAll = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?');

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
      const inserted = insertEvent.run(
        event.transactionId,
        blockNumber,
        event.eventName,
        JSON.stringify(event.data),
        new Date().toISOString(),
      );
      return inserted.changes === 0 ? undefined : Number(inserted.lastInsertRowid);
    }),
    readAfter: (afterId, limit) => selectAll.all(afterId, limit).map(toLogged),
  };
}
