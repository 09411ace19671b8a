/**
 * Typed access to world state for one transaction.
 *
 * Reads go to the committed state (Fabric has no read-your-writes) and are cached for the
 * transaction. Writes are only staged: {@link State.flush} applies them after the transaction's logic
 * has returned, so a refusal (any throw) writes nothing.
 */
import type { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim';
import { parseJson, toBytes, type JsonValue, type Schema } from './contract';
import { isoTimestamp } from './values';

/** A kind of ledger object stored under composite keys `<objectType> [id]`. */
export type Collection<T extends JsonValue> = {
  /** The composite key object type. */
  readonly objectType: string;
  /** What it is called in messages. */
  readonly label: string;
  /** The guard that turns ledger bytes back into a `T`. */
  readonly read: Schema<T>;
};

/** One page of a partial composite-key query. */
export type Page = {
  /** The id (last attribute) of each index entry found, in key order. */
  readonly ids: readonly string[];
  /** Where the next page starts: a key, or `""` when there is none. */
  readonly bookmark: string;
  /** How many keys the page read. */
  readonly fetched: number;
};

/** One entry of a key's history, newest first. */
export type HistoryEntry<T> = {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly value: T | null;
};

/** The value of an index entry: Fabric treats an empty value as a delete, so one zero byte. */
const INDEX_VALUE = Uint8Array.of(0);

/** World-state access for one transaction; see the module comment. */
export class State {
  private readonly reads = new Map<string, Promise<Uint8Array>>();
  private readonly writes = new Map<string, Uint8Array | null>();
  private readonly policies = new Map<string, Uint8Array>();

  /** @param stub the transaction's stub. */
  public constructor(private readonly stub: Context['stub']) {}

  /** The composite key `<objectType> [...attributes]`. */
  public key(objectType: string, attributes: readonly string[]): string {
    return this.stub.createCompositeKey(objectType, [...attributes]);
  }

  /** The committed object `id` of `collection`, or `undefined` when there is none. */
  public async get<T extends JsonValue>(collection: Collection<T>, id: string): Promise<T | undefined> {
    const bytes = await this.read(this.key(collection.objectType, [id]));
    return bytes.length === 0 ? undefined : decode(collection, id, bytes);
  }

  /** The committed bytes of `key` (empty: none), read once per transaction. */
  private read(key: string): Promise<Uint8Array> {
    let pending = this.reads.get(key);
    if (pending === undefined) {
      pending = this.stub.getState(key);
      this.reads.set(key, pending);
    }
    return pending;
  }

  /** Whether the index entry `<objectType> [...attributes]` is committed. */
  public async hasIndex(objectType: string, attributes: readonly string[]): Promise<boolean> {
    return (await this.read(this.key(objectType, attributes))).length > 0;
  }

  /**
   * The committed object `id` of `collection`, which another ledger object references.
   * @throws Error when it is missing: corrupt state, not a refusal.
   */
  public async existing<T extends JsonValue>(collection: Collection<T>, id: string): Promise<T> {
    const found = await this.get(collection, id);
    if (found === undefined) {
      throw new Error(`${collection.label} ${id} is referenced but missing`);
    }
    return found;
  }

  /**
   * The ids (last attributes) of the index entries under the partial key `<objectType> [...prefix]`,
   * in key order.
   */
  public async scan(objectType: string, prefix: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for await (const entry of this.stub.getStateByPartialCompositeKey(objectType, [...prefix])) {
      ids.push(this.idOf(entry.key));
    }
    return ids;
  }

  /**
   * One page of index entries under the partial key `<objectType> [...prefix]`, starting at `bookmark` (a
   * key returned by the previous page, `""` for the first). Fabric allows this in read-only
   * transactions only.
   */
  public async page(
    objectType: string,
    prefix: readonly string[],
    pageSize: number,
    bookmark: string,
  ): Promise<Page> {
    const { iterator, metadata } = await this.stub.getStateByPartialCompositeKeyWithPagination(
      objectType,
      [...prefix],
      pageSize,
      bookmark,
    );
    const ids = (await drain(iterator)).map((entry) => this.idOf(entry.key));
    // A Fabric 1.4 peer sends no metadata at all for a page without results (empty range, or a
    // bookmark past the last key): that page is the last one.
    const found = metadata as Partial<typeof metadata> | undefined;
    return { ids, bookmark: found?.bookmark ?? '', fetched: found?.fetchedRecordsCount ?? ids.length };
  }

  /**
   * The history of object `id` of `collection`, newest first.
   *
   * The peer's `getHistoryForKey` yields a key's versions in commit order (block and transaction
   * height), **oldest first** on Fabric 1.4, which our network runs; so the order is made here by
   * reversing it. Client timestamps are no substitute: they need not grow with commit order. Fabric
   * 2.0 turned the peer's order round (newest first, FAB-16303): drop the reversal with the move to 2.x.
   */
  public async history<T extends JsonValue>(
    collection: Collection<T>,
    id: string,
  ): Promise<HistoryEntry<T>[]> {
    const entries: HistoryEntry<T>[] = [];
    for await (const entry of this.stub.getHistoryForKey(this.key(collection.objectType, [id]))) {
      entries.push({
        txId: entry.txId,
        timestamp: isoTimestamp(entry.timestamp),
        isDelete: entry.isDelete,
        value: entry.isDelete ? null : decode(collection, id, entry.value),
      });
    }
    return entries.reverse();
  }

  /**
   * Stages `value` as object `id` of `collection`, and, if given, the key-level endorsement policy the
   * key must have from now on. A policy is written only where it changes: {@link State.flush} skips
   * it when the key's committed validation parameter already has exactly these bytes (see there).
   */
  public put<T extends JsonValue>(
    collection: Collection<T>,
    id: string,
    value: T,
    policy?: Uint8Array,
  ): void {
    const key = this.key(collection.objectType, [id]);
    this.writes.set(key, toBytes(checked(collection, id, value)));
    if (policy !== undefined) {
      this.policies.set(key, policy);
    }
  }

  /** Stages the index entry `<objectType> [...attributes]`. */
  public putIndex(objectType: string, attributes: readonly string[]): void {
    this.writes.set(this.key(objectType, attributes), INDEX_VALUE);
  }

  /** Stages the removal of the index entry `<objectType> [...attributes]`. */
  public deleteIndex(objectType: string, attributes: readonly string[]): void {
    this.writes.set(this.key(objectType, attributes), null);
  }

  /**
   * The keys this transaction has staged a write of: values, deletes and key-level policies, in the
   * order first staged.
   */
  public stagedKeys(): string[] {
    return [...new Set([...this.writes.keys(), ...this.policies.keys()])];
  }

  /**
   * The committed key-level endorsement policy of `key` (a serialized SignaturePolicyEnvelope), or
   * `undefined` when it has none: a new key, or a key only the chaincode-level policy governs.
   */
  public async validationParameter(key: string): Promise<Uint8Array | undefined> {
    // The shim answers `undefined` for a key without one, whatever its typing says.
    const policy = (await this.stub.getStateValidationParameter(key)) as Uint8Array | undefined;
    return policy === undefined || policy.length === 0 ? undefined : policy;
  }

  /**
   * Applies the staged writes and policies to the stub. Call once, after all reads and checks.
   *
   * A staged policy is written (`setStateValidationParameter`) only when it differs from the key's
   * committed validation parameter; this one rule serves every caller (a receivable moving between
   * participants of one org, an org registry gaining a participant, …). Writing an unchanged policy
   * is not harmless on Fabric: a metadata write to a key makes every later transaction of the same
   * block that writes that key fail validation with ENDORSEMENT_POLICY_FAILURE ("validation
   * parameters for key … have been changed in transaction … of block N"), so a race loser would be
   * reported as an endorsement failure rather than as the MVCC_READ_CONFLICT it is.
   *
   * A key this transaction read and found absent is new and has no parameter (Fabric stores it with
   * the value); any other key's parameter is read (`getStateValidationParameter`, which Fabric 1.4
   * records in the read set at the key's version, exactly as `getState`: a changed key is read by the
   * transaction anyway, and a new part of a split, not read before, enters it as absent, which the
   * read of its parent already implies).
   */
  public async flush(): Promise<void> {
    const changedPolicies: [string, Uint8Array][] = [];
    for (const [key, policy] of this.policies) {
      if (!(await this.hasPolicy(key, policy))) {
        changedPolicies.push([key, policy]);
      }
    }
    for (const [key, value] of this.writes) {
      await (value === null ? this.stub.deleteState(key) : this.stub.putState(key, value));
    }
    for (const [key, policy] of changedPolicies) {
      await this.stub.setStateValidationParameter(key, policy);
    }
  }

  /** Whether `key`'s committed validation parameter is `policy`, byte for byte. */
  private async hasPolicy(key: string, policy: Uint8Array): Promise<boolean> {
    const read = this.reads.get(key);
    if (read !== undefined && (await read).length === 0) {
      return false;
    }
    const committed = await this.validationParameter(key);
    return committed !== undefined && Buffer.from(committed).equals(Buffer.from(policy));
  }

  /** The id of an index entry: the last attribute of its key. */
  private idOf(key: string): string {
    const id = this.stub.splitCompositeKey(key).attributes.at(-1);
    if (id === undefined) {
      throw new Error('an index entry without attributes');
    }
    return id;
  }
}

async function drain(iterator: Iterators.StateQueryIterator): Promise<Iterators.KV[]> {
  const entries: Iterators.KV[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      entries.push(next.value);
    }
  } finally {
    await iterator.close();
  }
  return entries;
}

/**
 * `value`, checked by the collection's schema before it is written.
 * @throws Error when it fails: a programming error, never a refusal.
 */
function checked<T extends JsonValue>(collection: Collection<T>, id: string, value: T): T {
  try {
    return collection.read(value, collection.label);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid';
    throw new Error(`refusing to write an invalid ${collection.label} ${id}: ${reason}`);
  }
}

/** Guards ledger bytes; a value that fails is corrupt state, an internal error rather than a refusal. */
function decode<T extends JsonValue>(collection: Collection<T>, id: string, bytes: Uint8Array): T {
  try {
    return collection.read(parseJson(Buffer.from(bytes).toString('utf8')), collection.label);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw new Error(`corrupt ledger value for ${collection.label} ${id}: ${reason}`);
  }
}
