/**
 * The frame of every transaction: builds the {@link Tx} the logic works with, and for a submit
 * applies the staged writes and emits the transaction's one event only after the logic returned.
 */
import type { Context } from 'fabric-contract-api';
import { toJson, type EventName, type JsonValue } from './contract';
import { State } from './state';
import { isoTimestamp } from './values';

/** What the transaction logic works with. */
export type Tx = {
  /** World state: committed reads, staged writes. */
  readonly state: State;
  /** The submitting identity (MSP id and certificate attributes). */
  readonly identity: Context['clientIdentity'];
  /** The transaction id, the only source of generated ids. */
  readonly txId: string;
  /** The transaction timestamp (ISO-8601 UTC), the only source of time. */
  readonly timestamp: string;
};

/** Transaction logic: reads and checks, stages writes, returns the result. */
export type Operation = (tx: Tx) => Promise<JsonValue>;

function open(ctx: Context): Tx {
  return {
    state: new State(ctx.stub),
    identity: ctx.clientIdentity,
    txId: ctx.stub.getTxID(),
    timestamp: isoTimestamp(ctx.stub.getTxTimestamp()),
  };
}

/**
 * Runs a write: the logic first (a throw leaves the ledger untouched), then the staged writes, then
 * the event `event` whose payload is the returned JSON.
 * @returns the result as deterministic JSON.
 */
export async function submit(ctx: Context, event: EventName, operation: Operation): Promise<string> {
  const json = await apply(ctx, operation);
  ctx.stub.setEvent(event, Buffer.from(json, 'utf8'));
  return json;
}

/**
 * Runs a write without an event (the lifecycle's ConfigureOrgs): the logic, then the staged writes.
 * @returns the result as deterministic JSON.
 */
export async function apply(ctx: Context, operation: Operation): Promise<string> {
  const tx = open(ctx);
  const result = await operation(tx);
  await tx.state.flush();
  return toJson(result);
}

/**
 * Runs a read.
 * @returns the result as deterministic JSON.
 */
export async function evaluate(ctx: Context, operation: Operation): Promise<string> {
  return toJson(await operation(open(ctx)));
}
