/**
 * An in-memory model of the parts of Fabric's `ChaincodeStub` and `ClientIdentity` the contract
 * uses, faithful where it matters for correctness:
 *
 * - world state is the committed state; a transaction's writes go to its own write set and reach
 *   the world state only when {@link WorldState.commit} applies them (a failed transaction never is);
 * - no read-your-writes: `getState` and range queries see committed state only;
 * - composite keys are built and split as the Node shim does; range and partial-key queries return
 *   committed keys in key (UTF-8 byte) order; paginated queries return Fabric's bookmark (the next
 *   key, `""` at the end) and, as in Fabric, are refused in a transaction that writes; a page
 *   without results comes with no metadata at all, as a Fabric 1.4 peer sends it;
 * - an empty value written is a delete, as in Fabric's write set;
 * - `getHistoryForKey` returns every committed version in commit order, **oldest first**, as a
 *   Fabric 1.4 peer does (2.x peers answer newest first);
 * - `getMspID` throws, as on a Fabric 1.4 peer (which does not set `CORE_PEER_LOCALMSPID`);
 *   `ClientIdentity.getMSPID` is the one to use;
 * - `setEvent` keeps only the last event of the transaction;
 * - key-level endorsement policies are stored as metadata of the key; reading one
 *   (`getStateValidationParameter`) records the key in the read set, as Fabric 1.4 does;
 * - the read set (key versions and range results) is recorded for MVCC validation at commit.
 */
import type { Context } from 'fabric-contract-api';
import type {
  ChaincodeProposal,
  Iterators,
  SerializedIdentity,
  StateQueryResponse,
  Timestamp,
} from 'fabric-shim';
import { common, peer } from '@hyperledger/fabric-protos';
import Long from 'long';

/** The stub interface the contract sees (`ctx.stub`). */
export type Stub = Context['stub'];

/** The client identity interface the contract sees (`ctx.clientIdentity`). */
export type Identity = Context['clientIdentity'];

/** The chaincode's namespace in world state. */
export const NAMESPACE = 'receivables';

/** The channel the stub reports. */
export const CHANNEL = 'scf';

const COMPOSITE_KEY_NAMESPACE = '\u0000';
const MIN_UNICODE_RUNE = '\u0000';
const MAX_UNICODE_RUNE = '\u{10ffff}';
const EMPTY_KEY_SUBSTITUTE = '\u0001';

/** A committed value and the version (commit sequence number) that wrote it. */
type Versioned = { readonly value: Uint8Array; readonly version: number };

/** One committed version of a key, as `getHistoryForKey` reports it. */
type Modification = {
  readonly txId: string;
  readonly timestamp: Date;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
};

/** A range query a transaction ran, with what it saw, for phantom-read validation. */
export type RangeRead = {
  readonly startKey: string;
  readonly endKey: string;
  readonly seen: readonly (readonly [key: string, version: number])[];
};

/** A transaction's writes: values (`null` deletes) and key-level endorsement policies. */
export type WriteSet = {
  readonly values: ReadonlyMap<string, Uint8Array | null>;
  readonly policies: ReadonlyMap<string, Uint8Array>;
};

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** Orders keys as LevelDB does: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b));
}

function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

/** A Fabric timestamp of `date` (seconds as a `Long`, as the shim types it). */
export function timestampOf(date: Date): Timestamp {
  const millis = date.getTime();
  return { seconds: Long.fromNumber(Math.floor(millis / 1000)), nanos: (millis % 1000) * 1_000_000 };
}

/** The committed world state of the channel for this chaincode, with key history and policies. */
export class WorldState {
  private readonly values = new Map<string, Versioned>();
  private readonly policies = new Map<string, Uint8Array>();
  private readonly modifications = new Map<string, Modification[]>();
  private sortedKeys: string[] | undefined;
  private sequence = 0;

  /** The committed value of `key`, if any. */
  public get(key: string): Versioned | undefined {
    return this.values.get(key);
  }

  /** The version of `key` (0 when absent), as recorded in a read set. */
  public version(key: string): number {
    return this.values.get(key)?.version ?? 0;
  }

  /** The committed key-level endorsement policy of `key`, if any. */
  public policy(key: string): Uint8Array | undefined {
    return this.policies.get(key);
  }

  /** Committed keys in [startKey, endKey) in key order; an empty `endKey` is unbounded. */
  public range(startKey: string, endKey: string): string[] {
    this.sortedKeys ??= [...this.values.keys()].sort(compareKeys);
    return this.sortedKeys.filter(
      (key) => compareKeys(key, startKey) >= 0 && (endKey === '' || compareKeys(key, endKey) < 0),
    );
  }

  /** Every committed version of `key`, in commit order: oldest first. */
  public history(key: string): readonly Modification[] {
    return [...(this.modifications.get(key) ?? [])];
  }

  /** Every committed key and value, in key order. */
  public entries(): [string, Uint8Array][] {
    return this.range('', '').map((key) => [key, copy(this.values.get(key)?.value ?? new Uint8Array())]);
  }

  /** Every committed key-level policy, in key order. */
  public policyEntries(): [string, Uint8Array][] {
    return [...this.policies.entries()]
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([key, policy]) => [key, copy(policy)]);
  }

  /** Applies a valid transaction's write set. */
  public commit(txId: string, timestamp: Date, writes: WriteSet): void {
    this.sequence += 1;
    for (const [key, value] of writes.values) {
      if (value === null) {
        this.values.delete(key);
      } else {
        this.values.set(key, { value: copy(value), version: this.sequence });
      }
      const history = this.modifications.get(key) ?? [];
      history.push({
        txId,
        timestamp,
        isDelete: value === null,
        value: value === null ? new Uint8Array() : copy(value),
      });
      this.modifications.set(key, history);
    }
    for (const [key, policy] of writes.policies) {
      this.policies.set(key, copy(policy));
    }
    this.sortedKeys = undefined;
  }
}

/** What a transaction proposal carries. */
export type Proposal = {
  readonly txId: string;
  readonly timestamp: Date;
  readonly fcn: string;
  readonly args: readonly string[];
  readonly creator: Identity;
  /**
   * The chaincode the proposal is addressed to: {@link NAMESPACE} for a client's invoke, `lscc` for
   * the `Init` of an instantiate or upgrade.
   */
  readonly addressee?: string;
};

/** A query result: a promise of an iterator that is also async-iterable, as the shim returns. */
type QueryResult<R, T> = Promise<R> & AsyncIterable<T>;

class ArrayIterator<T> implements Iterators.CommonIterator<T> {
  private index = 0;

  public constructor(private readonly items: readonly T[]) {}

  public next(): Promise<Iterators.NextResult<T>> {
    const value = this.items[this.index];
    this.index += 1;
    // At the end the shim answers {done: true} without a value; the shim's typing insists on one.
    return Promise.resolve(
      value === undefined ? { done: true, value: undefined as unknown as T } : { done: false, value },
    );
  }

  public close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Runs `work` now; as the shim's async methods, answers a rejected promise when it throws. */
function promised<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function queryResult<R, T>(load: () => { response: R; items: readonly T[] }): QueryResult<R, T> {
  let items: readonly T[] = [];
  const promise = promised(() => {
    const loaded = load();
    items = loaded.items;
    return loaded.response;
  });
  return Object.assign(promise, {
    [Symbol.asyncIterator]: (): AsyncIterator<T> => {
      const iterator = new ArrayIterator(items);
      return {
        next: async () => {
          await promise;
          return iterator.next();
        },
      };
    },
  });
}

function unsupported(method: string): never {
  throw new Error(`MemoryStub does not model ${method}`);
}

function validateSimpleKeys(...keys: string[]): void {
  for (const key of keys) {
    if (key.startsWith(COMPOSITE_KEY_NAMESPACE)) {
      throw new Error(`first character of the key [${key}] contains a null character which is not allowed`);
    }
  }
}

function validateKey(key: string): void {
  if (key === '') {
    throw new Error('key must not be an empty string');
  }
}

/** The stub of one transaction; see the module comment for what it models. */
export class MemoryStub implements Stub {
  private readonly readVersions = new Map<string, number>();
  private readonly rangeReads: RangeRead[] = [];
  private readonly values = new Map<string, Uint8Array | null>();
  private readonly policies = new Map<string, Uint8Array>();
  private lastEvent: { name: string; payload: Uint8Array } | undefined;
  private wrote = false;
  private paginated = false;

  /**
   * @param world the committed state the transaction reads.
   * @param proposal the transaction's id, timestamp, function, arguments and creator.
   */
  public constructor(
    private readonly world: WorldState,
    private readonly proposal: Proposal,
  ) {}

  /** The transaction's write set. */
  public get writeSet(): WriteSet {
    return { values: this.values, policies: this.policies };
  }

  /** The keys read with their versions at read time. */
  public get readSet(): ReadonlyMap<string, number> {
    return this.readVersions;
  }

  /** The range queries run and what they saw. */
  public get ranges(): readonly RangeRead[] {
    return this.rangeReads;
  }

  /** The transaction's chaincode event (the last one set), if any. */
  public get event(): { readonly name: string; readonly payload: Uint8Array } | undefined {
    return this.lastEvent;
  }

  public getArgs(): string[] {
    return [this.proposal.fcn, ...this.proposal.args];
  }

  public getStringArgs(): string[] {
    return this.getArgs();
  }

  public getFunctionAndParameters(): { params: string[]; fcn: string } {
    return { fcn: this.proposal.fcn, params: [...this.proposal.args] };
  }

  public getTxID(): string {
    return this.proposal.txId;
  }

  public getChannelID(): string {
    return CHANNEL;
  }

  public getCreator(): SerializedIdentity {
    return { mspid: this.proposal.creator.getMSPID(), idBytes: this.proposal.creator.getIDBytes() };
  }

  /**
   * The endorsing peer's MSP: the Node shim reads it from `CORE_PEER_LOCALMSPID`, which a Fabric
   * 1.4 peer does not set for its chaincode containers, so the shim throws, as here.
   */
  public getMspID(): string {
    throw new Error('CORE_PEER_LOCALMSPID is unset in chaincode process');
  }

  public getTransient(): Map<string, Uint8Array> {
    return new Map();
  }

  /**
   * The proposal as the shim hands it over: only the channel header is modelled, as the decoded
   * protobuf message the shim puts there (whatever its typings say), with the chaincode header
   * extension naming the addressee.
   */
  public getSignedProposal(): ChaincodeProposal.SignedProposal {
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(this.proposal.addressee ?? NAMESPACE);
    const extension = new peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(chaincodeId);
    const channelHeader = new common.ChannelHeader();
    channelHeader.setTxId(this.proposal.txId);
    channelHeader.setChannelId(CHANNEL);
    channelHeader.setExtension$(extension.serializeBinary());
    const decoded: unknown = { signature: new Uint8Array(), proposal: { header: { channelHeader } } };
    return decoded as ChaincodeProposal.SignedProposal;
  }

  public getTxTimestamp(): Timestamp {
    return timestampOf(this.proposal.timestamp);
  }

  public getDateTimestamp(): Date {
    return new Date(this.proposal.timestamp.getTime());
  }

  public getBinding(): string {
    return unsupported('getBinding');
  }

  public getState(key: string): Promise<Uint8Array> {
    return promised(() => {
      validateKey(key);
      this.readVersions.set(key, this.world.version(key));
      const found = this.world.get(key);
      return found === undefined ? new Uint8Array() : copy(found.value);
    });
  }

  public putState(key: string, value: Uint8Array): Promise<void> {
    return promised(() => {
      this.beforeWrite(key);
      this.values.set(key, value.length === 0 ? null : copy(value));
    });
  }

  public deleteState(key: string): Promise<void> {
    return promised(() => {
      this.beforeWrite(key);
      this.values.set(key, null);
    });
  }

  public setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    return promised(() => {
      this.beforeWrite(key);
      this.policies.set(key, copy(ep));
    });
  }

  /**
   * As on a Fabric 1.4 peer, reading a key's metadata records the key in the read set at its version,
   * like `getState` (the simulator's `GetStateMetadata` reads the versioned value).
   */
  public getStateValidationParameter(key: string): Promise<Uint8Array> {
    return promised(() => {
      validateKey(key);
      this.readVersions.set(key, this.world.version(key));
      const policy = this.world.policy(key);
      return policy === undefined ? new Uint8Array() : copy(policy);
    });
  }

  public getStateByRange(
    startKey: string,
    endKey: string,
  ): QueryResult<Iterators.StateQueryIterator, Iterators.KV> {
    return queryResult(() => {
      const start = startKey === '' ? EMPTY_KEY_SUBSTITUTE : startKey;
      validateSimpleKeys(start, endKey);
      const items = this.rangeRead(start, endKey);
      return { response: new ArrayIterator(items), items };
    });
  }

  public getStateByRangeWithPagination(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark?: string,
  ): QueryResult<StateQueryResponse<Iterators.StateQueryIterator>, Iterators.KV> {
    return queryResult(() => {
      const start = startKey === '' ? EMPTY_KEY_SUBSTITUTE : startKey;
      validateSimpleKeys(start, endKey);
      return this.page(start, endKey, pageSize, bookmark ?? '');
    });
  }

  public getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): QueryResult<Iterators.StateQueryIterator, Iterators.KV> {
    return queryResult(() => {
      const partialKey = this.createCompositeKey(objectType, attributes);
      const items = this.rangeRead(partialKey, partialKey + MAX_UNICODE_RUNE);
      return { response: new ArrayIterator(items), items };
    });
  }

  public getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): QueryResult<StateQueryResponse<Iterators.StateQueryIterator>, Iterators.KV> {
    return queryResult(() => {
      const partialKey = this.createCompositeKey(objectType, attributes);
      return this.page(partialKey, partialKey + MAX_UNICODE_RUNE, pageSize, bookmark ?? '');
    });
  }

  /** LevelDB has no rich queries: Fabric refuses them. */
  public getQueryResult(): QueryResult<Iterators.StateQueryIterator, Iterators.KV> {
    return queryResult(() => unsupported('getQueryResult (ExecuteQuery not supported for leveldb)'));
  }

  /** LevelDB has no rich queries: Fabric refuses them. */
  public getQueryResultWithPagination(): QueryResult<
    StateQueryResponse<Iterators.StateQueryIterator>,
    Iterators.KV
  > {
    return queryResult(() =>
      unsupported('getQueryResultWithPagination (ExecuteQuery not supported for leveldb)'),
    );
  }

  public getHistoryForKey(
    key: string,
  ): QueryResult<Iterators.HistoryQueryIterator, Iterators.KeyModification> {
    return queryResult(() => {
      validateKey(key);
      const items = this.world.history(key).map((entry): Iterators.KeyModification => ({
        txId: entry.txId,
        timestamp: timestampOf(entry.timestamp),
        isDelete: entry.isDelete,
        value: copy(entry.value),
      }));
      return { response: new ArrayIterator(items), items };
    });
  }

  public invokeChaincode(): never {
    return unsupported('invokeChaincode');
  }

  public setEvent(name: string, payload: Uint8Array): void {
    if (name === '') {
      throw new Error('Event name must be a non-empty string');
    }
    this.lastEvent = { name, payload: copy(payload) };
  }

  /** As the Node shim, and also refusing U+0000 and U+10FFFF inside a part (as the Go shim does). */
  public createCompositeKey(objectType: string, attributes: string[]): string {
    const parts = [objectType, ...attributes];
    if (
      parts.some((part) => part === '' || part.includes(MIN_UNICODE_RUNE) || part.includes(MAX_UNICODE_RUNE))
    ) {
      throw new Error('object type or attribute not a non-zero length string without U+0000 or U+10FFFF');
    }
    return COMPOSITE_KEY_NAMESPACE + parts.map((part) => part + MIN_UNICODE_RUNE).join('');
  }

  public splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    if (compositeKey.length <= 1 || !compositeKey.startsWith(COMPOSITE_KEY_NAMESPACE)) {
      // The shim answers {objectType: null, attributes: []}; its typing says string.
      return { objectType: '', attributes: [] };
    }
    const [objectType = '', ...attributes] = compositeKey.slice(1).split(MIN_UNICODE_RUNE);
    attributes.pop();
    return { objectType, attributes };
  }

  public getPrivateData(): Promise<Uint8Array> {
    return unsupported('getPrivateData');
  }

  public getPrivateDataHash(): Promise<Uint8Array> {
    return unsupported('getPrivateDataHash');
  }

  public putPrivateData(): Promise<void> {
    return unsupported('putPrivateData');
  }

  public deletePrivateData(): Promise<void> {
    return unsupported('deletePrivateData');
  }

  public purgePrivateData(): Promise<void> {
    return unsupported('purgePrivateData');
  }

  public setPrivateDataValidationParameter(): Promise<void> {
    return unsupported('setPrivateDataValidationParameter');
  }

  public getPrivateDataValidationParameter(): Promise<Uint8Array> {
    return unsupported('getPrivateDataValidationParameter');
  }

  public getPrivateDataByRange(): QueryResult<Iterators.StateQueryIterator, Iterators.KV> {
    return unsupported('getPrivateDataByRange');
  }

  public getPrivateDataByPartialCompositeKey(): QueryResult<Iterators.StateQueryIterator, Iterators.KV> {
    return unsupported('getPrivateDataByPartialCompositeKey');
  }

  public getPrivateDataQueryResult(): QueryResult<Iterators.StateQueryIterator, Iterators.KV> {
    return unsupported('getPrivateDataQueryResult');
  }

  private beforeWrite(key: string): void {
    validateKey(key);
    if (this.paginated) {
      throw new Error(
        `txid [${this.proposal.txId}]: unsupported transaction. Transaction has already performed a paginated query. Writes are not allowed`,
      );
    }
    this.wrote = true;
  }

  private kv(key: string): Iterators.KV {
    return { namespace: NAMESPACE, key, value: copy(this.world.get(key)?.value ?? new Uint8Array()) };
  }

  private rangeRead(startKey: string, endKey: string): Iterators.KV[] {
    const keys = this.world.range(startKey, endKey);
    this.rangeReads.push({
      startKey,
      endKey,
      seen: keys.map((key) => [key, this.world.version(key)] as const),
    });
    return keys.map((key) => this.kv(key));
  }

  private page(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark: string,
  ): { response: StateQueryResponse<Iterators.StateQueryIterator>; items: Iterators.KV[] } {
    if (this.wrote) {
      throw new Error(
        `txid [${this.proposal.txId}]: unsupported transaction. Paginated queries are not allowed in transactions that write data`,
      );
    }
    if (!Number.isSafeInteger(pageSize) || pageSize <= 0) {
      throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
    }
    this.paginated = true;
    const keys = this.world.range(bookmark === '' ? startKey : bookmark, endKey);
    const items = keys.slice(0, pageSize).map((key) => this.kv(key));
    // A Fabric 1.4 peer sends no metadata with an empty page; the shim's typing insists on it.
    const metadata =
      items.length === 0
        ? (undefined as unknown as StateQueryResponse<Iterators.StateQueryIterator>['metadata'])
        : { fetchedRecordsCount: items.length, bookmark: keys[pageSize] ?? '' };
    return { response: { iterator: new ArrayIterator(items), metadata }, items };
  }
}

/** A client identity: MSP id, certificate attributes and a subject, as `ClientIdentity` exposes them. */
export class MemoryClientIdentity implements Identity {
  /**
   * @param mspId the identity's org.
   * @param attributes its certificate attributes (`scf.participant`, `scf.role`, …).
   * @param subject a stable name used for {@link getID}.
   */
  public constructor(
    private readonly mspId: string,
    private readonly attributes: Readonly<Record<string, string>>,
    private readonly subject: string,
  ) {}

  public getMSPID(): string {
    return this.mspId;
  }

  public getAttributeValue(attrName: string): string | null {
    return Object.hasOwn(this.attributes, attrName) ? (this.attributes[attrName] ?? null) : null;
  }

  public assertAttributeValue(attrName: string, attrValue: string): boolean {
    return this.getAttributeValue(attrName) === attrValue;
  }

  public getID(): string {
    return `x509::/CN=${this.subject}::/CN=ca.${this.mspId}`;
  }

  public getIDBytes(): Uint8Array {
    return utf8(this.getID());
  }
}
