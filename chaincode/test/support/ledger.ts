/**
 * An in-process ledger running the real {@link ReceivablesContract} on the in-memory stub: for the
 * chaincode's tests and for the REST gateway's route tests.
 *
 * ```ts
 * const ledger = new MemoryLedger();
 * const admin = ledger.identity('EnterpriseMSP', { role: 'admin' });
 * await ledger.submit(admin, 'RegisterParticipant', ['ACME', 'Acme Corp', 'ENTERPRISE']);
 * const { result } = await ledger.evaluate(admin, 'GetParticipant', ['ACME']);
 * ```
 *
 * `submit` endorses (runs the contract on a fresh stub against the committed state) and then
 * validates and commits like a peer: MVCC (every key read still has the version it had, every range
 * query still returns the same keys) and, when `endorsingOrgs` is given, the endorsement policy of
 * every key written (its key-level policy, else the chaincode-level one). A transaction whose contract call throws is never ordered: nothing
 * changes and the error (with its `CODE: …` message) is rethrown. An invalid one is recorded in a
 * block with its validation code and rejected with a {@link TransactionInvalidError}.
 * `endorse` and `commit` are also available separately, to interleave concurrent transactions, and
 * `commitBlock` orders several endorsed transactions into one block (same-block races).
 */
import './quiet';
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { CONFIGURE_ORGS, parseJson, readOrgMap, toJson, type OrgMap } from '../../src/contract';
import { LIFECYCLE_CHAINCODE } from '../../src/lifecycle';
import { ReceivablesContract } from '../../src/receivables-contract';
import { PARTICIPANT_ATTRIBUTE, ROLE_ATTRIBUTE } from '../../src/identity';
import { MemoryClientIdentity, MemoryStub, WorldState, type Identity } from './memory-stub';

/** The org map a ledger is instantiated with unless told otherwise: the local network's four orgs. */
export const DEFAULT_ORG_MAP: OrgMap = {
  orgs: [
    { mspId: 'EnterpriseMSP', kind: 'ENTERPRISE' },
    { mspId: 'BankAMSP', kind: 'BANK' },
    { mspId: 'BankBMSP', kind: 'BANK' },
    { mspId: 'AuditorMSP', kind: 'AUDITOR' },
  ],
};

/** How a ledger is instantiated. */
export type LedgerOptions = {
  /**
   * The `orgsJson` argument of the instantiate's ConfigureOrgs (by default {@link DEFAULT_ORG_MAP});
   * its orgs are also the chaincode-level policy's, "a peer of any member org", as the network
   * scripts give it.
   */
  readonly orgsJson?: string;
};

/** A chaincode event as a client sees it. */
export type ChaincodeEvent = { readonly name: string; readonly payload: string };

/** The outcome of a transaction. */
export type TxResult = {
  /** The transaction function's return value (JSON text). */
  readonly result: string;
  readonly txId: string;
  /** The transaction timestamp, ISO-8601. */
  readonly timestamp: string;
  /** The chaincode event, for a committed transaction that set one. */
  readonly event: ChaincodeEvent | undefined;
  /** The block that holds it, for a committed transaction. */
  readonly blockNumber: number | undefined;
};

/** Per-transaction options. */
export type TxOptions = {
  /** The transaction id (64 hex digits); by default a deterministic one. */
  readonly txId?: string;
  /** The transaction timestamp; by default one second after the previous transaction's. */
  readonly timestamp?: Date;
  /**
   * The orgs whose peers endorse. When given, every written key with a key-level endorsement policy
   * must have all of the policy's orgs among them, and every other written key (a new one, an index
   * entry) the chaincode-level policy (a peer of one of the member orgs); by default the
   * policies are taken as satisfied (the client collects the endorsements they require).
   */
  readonly endorsingOrgs?: readonly string[];
};

/** A transaction's validation outcome, as Fabric names it. */
export type ValidationCode =
  'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'ENDORSEMENT_POLICY_FAILURE';

/** A transaction ordered into a block. */
export type TransactionRecord = {
  readonly txId: string;
  readonly blockNumber: number;
  readonly validationCode: ValidationCode;
  readonly creatorMspId: string;
  readonly fcn: string;
};

/** A committed chaincode event with where it was committed. */
export type CommittedEvent = ChaincodeEvent & { readonly txId: string; readonly blockNumber: number };

/** A simulated, not yet committed transaction. */
export type Endorsement = {
  readonly txId: string;
  readonly timestamp: Date;
  readonly result: string;
  readonly stub: MemoryStub;
  readonly creatorMspId: string;
  readonly fcn: string;
  readonly endorsingOrgs: readonly string[] | undefined;
};

/** A transaction that was ordered but failed validation: it changed nothing. */
export class TransactionInvalidError extends Error {
  /**
   * @param txId the transaction.
   * @param validationCode why it is invalid.
   */
  public constructor(
    public readonly txId: string,
    public readonly validationCode: Exclude<ValidationCode, 'VALID'>,
  ) {
    super(`transaction ${txId} is invalid: ${validationCode}`);
    this.name = 'TransactionInvalidError';
  }
}

/** A snapshot of committed state, comparable with `toEqual`. */
export type Snapshot = {
  /** Keys (composite keys with U+0000 shown as `/`) and UTF-8 values, in key order. */
  readonly state: readonly (readonly [string, string])[];
  /** Keys and the orgs of their key-level endorsement policies, in key order. */
  readonly policies: readonly (readonly [string, readonly string[]])[];
};

/** Attributes of a test identity. */
export type IdentityAttributes = { readonly role?: string; readonly participant?: string };

const START = new Date('2025-01-01T00:00:00.000Z');

/** Shows a composite key readably: U+0000 as `/`. */
export function printableKey(key: string): string {
  return key.replaceAll('\u0000', '/');
}

function transactionsOf(contract: ReceivablesContract): ReadonlySet<string> {
  const metadata: unknown = Reflect.getMetadata('fabric:transactions', contract);
  const names = new Set<string>();
  if (Array.isArray(metadata)) {
    const entries: unknown[] = metadata;
    for (const entry of entries) {
      if (typeof entry === 'object' && entry !== null && 'name' in entry && typeof entry.name === 'string') {
        names.add(entry.name);
      }
    }
  }
  return names;
}

/** The in-process ledger; see the module comment. */
export class MemoryLedger {
  /** The committed state (for assertions). */
  public readonly world = new WorldState();
  private readonly contract = new ReceivablesContract();
  private readonly transactions = transactionsOf(this.contract);
  private readonly records = new Map<string, TransactionRecord>();
  private readonly committedEvents: CommittedEvent[] = [];
  private clock = START.getTime();
  private counter = 0;
  private blocks = 0;
  private readonly orgsJson: string;
  private instantiated: Promise<void> | undefined;
  /** The orgs of the chaincode-level policy, "a peer of any member org" (none before instantiate). */
  private policyOrgs: readonly string[] = [];

  /** @param options how the ledger is instantiated (at its first transaction). */
  public constructor({ orgsJson = toJson(DEFAULT_ORG_MAP) }: LedgerOptions = {}) {
    this.orgsJson = orgsJson;
  }

  /**
   * Upgrades the chaincode (the first time: instantiates it): runs ConfigureOrgs with `orgsJson` as
   * the `Init` of a lifecycle transaction (addressed to lscc) and commits its writes; the map's orgs
   * become the chaincode-level policy's, as the network scripts give it. Like the peer's, a refused
   * `Init` fails the lifecycle transaction and changes nothing.
   * @throws the contract's error when it refuses the map.
   */
  public async upgrade(orgsJson: string): Promise<void> {
    await this.instantiate();
    await this.configure(orgsJson);
  }

  /**
   * Instantiates the chaincode with the ledger's org map, once (every transaction waits for it);
   * rejects when the chaincode refuses the map.
   */
  public instantiate(): Promise<void> {
    this.instantiated ??= this.configure(this.orgsJson);
    return this.instantiated;
  }

  private async configure(orgsJson: string): Promise<void> {
    const endorsement = await this.run(this.identity('LifecycleAdminMSP'), CONFIGURE_ORGS.name, [orgsJson], {
      addressee: LIFECYCLE_CHAINCODE,
    });
    this.world.commit(endorsement.txId, endorsement.timestamp, endorsement.stub.writeSet);
    this.policyOrgs = readOrgMap(parseJson(orgsJson), 'orgsJson').orgs.map((org) => org.mspId);
  }

  /**
   * A client identity of org `mspId` with certificate attributes `scf.role` and `scf.participant`.
   * @param mspId e.g. `EnterpriseMSP`.
   * @param attributes the role and the participant id, either may be left out.
   */
  public identity(mspId: string, { role, participant }: IdentityAttributes = {}): Identity {
    const attributes: Record<string, string> = {};
    if (role !== undefined) {
      attributes[ROLE_ATTRIBUTE] = role;
    }
    if (participant !== undefined) {
      attributes[PARTICIPANT_ATTRIBUTE] = participant;
    }
    return new MemoryClientIdentity(mspId, attributes, `${participant ?? 'user'}-${role ?? 'none'}`);
  }

  /** Number of blocks committed (one transaction per block, except with {@link commitBlock}). */
  public get height(): number {
    return this.blocks;
  }

  /** The record of an ordered transaction (valid or not), `undefined` when unknown. */
  public transaction(txId: string): TransactionRecord | undefined {
    return this.records.get(txId);
  }

  /** Every committed chaincode event, in commit order. */
  public events(): readonly CommittedEvent[] {
    return [...this.committedEvents];
  }

  /** The committed state and policies; equal snapshots mean nothing changed. */
  public snapshot(): Snapshot {
    return {
      state: this.world
        .entries()
        .map(([key, value]) => [printableKey(key), Buffer.from(value).toString('utf8')]),
      policies: this.world
        .policyEntries()
        .map(([key, policy]) => [printableKey(key), new KeyEndorsementPolicy(policy).listOrgs()]),
    };
  }

  /**
   * Runs `fcn` against the committed state without committing (a proposal's simulation).
   * @throws the contract's error when it refuses.
   */
  public async endorse(
    identity: Identity,
    fcn: string,
    args: readonly string[] = [],
    options: TxOptions = {},
  ): Promise<Endorsement> {
    await this.instantiate();
    return this.run(identity, fcn, args, options);
  }

  private async run(
    identity: Identity,
    fcn: string,
    args: readonly string[],
    options: TxOptions & { readonly addressee?: string },
  ): Promise<Endorsement> {
    this.counter += 1;
    this.clock = options.timestamp?.getTime() ?? this.clock + 1000;
    const txId =
      options.txId ?? createHash('sha256').update(`memory-ledger-tx-${this.counter}`).digest('hex');
    const timestamp = new Date(this.clock);
    const stub = new MemoryStub(this.world, {
      txId,
      timestamp,
      fcn,
      args,
      creator: identity,
      addressee: options.addressee,
    });
    const result = await this.invoke(stub, identity, fcn, args);
    return {
      txId,
      timestamp,
      result,
      stub,
      creatorMspId: identity.getMSPID(),
      fcn,
      endorsingOrgs: options.endorsingOrgs,
    };
  }

  /**
   * Validates an endorsed transaction against the current committed state and commits it, alone in
   * a block.
   * @throws TransactionInvalidError when validation fails (the transaction is recorded, nothing changes).
   */
  public commit(endorsement: Endorsement): TxResult {
    const [outcome] = this.commitBlock([endorsement]);
    if (outcome instanceof TransactionInvalidError || outcome === undefined) {
      throw outcome ?? new Error('no outcome');
    }
    return outcome;
  }

  /**
   * Orders endorsed transactions into one block, in the order given, and validates and commits them
   * as a Fabric 1.4 peer does:
   * 1. the endorsement check of every transaction first, against the key-level policies committed
   *    before the block (else the chaincode-level policy), when it has `endorsingOrgs`; and whatever
   *    its endorsers, a transaction that writes a key whose validation parameter an earlier
   *    transaction of the block writes (and that passed this step) fails ENDORSEMENT_POLICY_FAILURE
   *    ("validation parameters for key … have been changed in transaction … of block N"), even if
   *    that earlier one fails MVCC later;
   * 2. then MVCC and phantom reads, in block order, against the state as the block's earlier valid
   *    transactions left it.
   * @returns per transaction, its result, or the {@link TransactionInvalidError} it failed with.
   */
  public commitBlock(endorsements: readonly Endorsement[]): (TxResult | TransactionInvalidError)[] {
    this.blocks += 1;
    const blockNumber = this.blocks;
    const rewritten = new Set<string>();
    const endorsed = endorsements.map((endorsement) => {
      const code = this.endorsementCode(endorsement, rewritten);
      if (code === 'VALID') {
        for (const key of endorsement.stub.writeSet.policies.keys()) {
          rewritten.add(key);
        }
      }
      return code;
    });
    return endorsements.map((endorsement, index) => {
      const { txId, stub } = endorsement;
      const endorsementCode = endorsed[index] ?? 'VALID';
      const validationCode = endorsementCode === 'VALID' ? this.readConflict(stub) : endorsementCode;
      this.records.set(txId, {
        txId,
        blockNumber,
        validationCode,
        creatorMspId: endorsement.creatorMspId,
        fcn: endorsement.fcn,
      });
      if (validationCode !== 'VALID') {
        return new TransactionInvalidError(txId, validationCode);
      }
      this.world.commit(txId, endorsement.timestamp, stub.writeSet);
      const event =
        stub.event === undefined
          ? undefined
          : { name: stub.event.name, payload: Buffer.from(stub.event.payload).toString('utf8') };
      if (event !== undefined) {
        this.committedEvents.push({ ...event, txId, blockNumber });
      }
      return {
        result: endorsement.result,
        txId,
        timestamp: endorsement.timestamp.toISOString(),
        event,
        blockNumber,
      };
    });
  }

  /**
   * Submits a transaction: endorse, then validate and commit.
   * @throws the contract's error when it refuses (nothing is ordered), or TransactionInvalidError.
   */
  public async submit(
    identity: Identity,
    fcn: string,
    args: readonly string[] = [],
    options: TxOptions = {},
  ): Promise<TxResult> {
    return this.commit(await this.endorse(identity, fcn, args, options));
  }

  /**
   * Evaluates a transaction: runs it on one peer and returns its result; nothing is committed.
   * @throws the contract's error when it refuses.
   */
  public async evaluate(
    identity: Identity,
    fcn: string,
    args: readonly string[] = [],
    options: TxOptions = {},
  ): Promise<TxResult> {
    const { txId, timestamp, result } = await this.endorse(identity, fcn, args, options);
    return { result, txId, timestamp: timestamp.toISOString(), event: undefined, blockNumber: undefined };
  }

  private async invoke(
    stub: MemoryStub,
    identity: Identity,
    fcn: string,
    args: readonly string[],
  ): Promise<string> {
    const method: unknown = Reflect.get(this.contract, fcn);
    if (!this.transactions.has(fcn) || typeof method !== 'function') {
      throw new Error(`You've asked to invoke a function that does not exist: ${fcn}`);
    }
    const ctx = this.contract.createContext();
    ctx.stub = stub;
    ctx.clientIdentity = identity;
    await this.contract.beforeTransaction(ctx);
    const result: unknown = await Reflect.apply(method, this.contract, [ctx, ...args]);
    await this.contract.afterTransaction(ctx, result);
    if (typeof result !== 'string') {
      throw new Error(`${fcn} returned a ${typeof result}, not a string`);
    }
    return result;
  }

  /** MVCC and phantom-read validation against the committed state. */
  private readConflict(stub: MemoryStub): ValidationCode {
    for (const [key, version] of stub.readSet) {
      if (this.world.version(key) !== version) {
        return 'MVCC_READ_CONFLICT';
      }
    }
    for (const { startKey, endKey, seen } of stub.ranges) {
      const now = this.world.range(startKey, endKey).map((key) => `${key}@${this.world.version(key)}`);
      if (now.join('\n') !== seen.map(([key, version]) => `${key}@${version}`).join('\n')) {
        return 'PHANTOM_READ_CONFLICT';
      }
    }
    return 'VALID';
  }

  /**
   * The endorsement check of a transaction in a block, before any of the block is committed;
   * `rewritten` holds the keys whose validation parameter an earlier transaction of the block writes.
   */
  private endorsementCode(
    { stub, endorsingOrgs }: Endorsement,
    rewritten: ReadonlySet<string>,
  ): ValidationCode {
    const written = new Set([...stub.writeSet.values.keys(), ...stub.writeSet.policies.keys()]);
    for (const key of written) {
      if (rewritten.has(key)) {
        return 'ENDORSEMENT_POLICY_FAILURE';
      }
      if (endorsingOrgs !== undefined) {
        // As Fabric: the key-level policy committed before this block, else the chaincode's.
        const policy = this.world.policy(key);
        const satisfied =
          policy === undefined
            ? this.policyOrgs.some((org) => endorsingOrgs.includes(org))
            : new KeyEndorsementPolicy(policy).listOrgs().every((org) => endorsingOrgs.includes(org));
        if (!satisfied) {
          return 'ENDORSEMENT_POLICY_FAILURE';
        }
      }
    }
    return 'VALID';
  }
}
