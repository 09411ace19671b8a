/**
 * A standard cast of participants on a {@link MemoryLedger} and helpers to drive and check
 * transactions in tests.
 */
import {
  arrayOf,
  ChaincodeError,
  ConflictError,
  Fields,
  ForbiddenError,
  LimitExceededError,
  NotFoundError,
  parseJson,
  ValidationError,
  type CreditLine,
  type ErrorCode,
  type FinancingRequest,
  type ParticipantKind,
  type Receivable,
} from '../../src/contract';
import { CREDIT_LINES } from '../../src/creditline';
import { FINANCING_REQUESTS } from '../../src/financing';
import { RECEIVABLES } from '../../src/receivable';
import { MemoryLedger, type LedgerOptions, type TxOptions, type TxResult } from './ledger';
import type { Identity } from './memory-stub';

/** The orgs of the network. */
export const MSP = {
  enterprise: 'EnterpriseMSP',
  bankA: 'BankAMSP',
  bankB: 'BankBMSP',
  auditor: 'AuditorMSP',
} as const;

/** A participant of the standard cast. */
export type Party = {
  readonly id: string;
  readonly name: string;
  readonly kind: ParticipantKind;
  readonly mspId: string;
};

function party(id: string, kind: ParticipantKind, mspId: string): Party {
  return { id, name: `${id} Ltd`, kind, mspId };
}

/** The core enterprise: obligor of the standard receivables. */
export const CORE = party('CORE', 'ENTERPRISE', MSP.enterprise);
/** A second core enterprise, a stranger to CORE's receivables. */
export const OTHER_CORE = party('CORE2', 'ENTERPRISE', MSP.enterprise);
/** Tier-1, tier-2 and tier-3 suppliers. */
export const SUP1 = party('SUP1', 'ENTERPRISE', MSP.enterprise);
export const SUP2 = party('SUP2', 'ENTERPRISE', MSP.enterprise);
export const SUP3 = party('SUP3', 'ENTERPRISE', MSP.enterprise);
/** The banks. */
export const BANK_A = party('BANKA', 'BANK', MSP.bankA);
export const BANK_B = party('BANKB', 'BANK', MSP.bankB);
/** An auditor participant. */
export const AUDITOR = party('AUD', 'AUDITOR', MSP.auditor);

/** Everyone, in registration order. */
export const CAST: readonly Party[] = [CORE, OTHER_CORE, SUP1, SUP2, SUP3, BANK_A, BANK_B, AUDITOR];

/** The standard credit line: BANKA lets CORE issue up to 1,000,000 CNY minor units. */
export const LINE = { id: 'CL-A', limit: '1000000', currency: 'CNY' } as const;

/** A due date after the ledger's start date. */
export const DUE = '2025-12-31';

const ERROR_CLASSES: Readonly<Record<ErrorCode, abstract new (...args: never[]) => ChaincodeError>> = {
  VALIDATION_FAILED: ValidationError,
  FORBIDDEN: ForbiddenError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  LIMIT_EXCEEDED: LimitExceededError,
};

/** Parses a transaction's JSON result into an `unknown`. */
export function json(result: TxResult): unknown {
  return parseJson(result.result);
}

const RESULT_FIELDS = ['receivable', 'parts', 'financingRequest'];

/** The `receivable` of a `{receivable, parts?, financingRequest?}` result, checked by the contract's guard. */
export function receivableOf(result: TxResult): Receivable {
  return Fields.of(json(result), 'result', RESULT_FIELDS).required('receivable', RECEIVABLES.read);
}

/** The `parts` of a result. */
export function partsOf(result: TxResult): Receivable[] {
  return Fields.of(json(result), 'result', RESULT_FIELDS).required(
    'parts',
    arrayOf(RECEIVABLES.read, 0, 100),
  );
}

/** The `financingRequest` of a result. */
export function financingRequestOf(result: TxResult): FinancingRequest {
  return Fields.of(json(result), 'result', RESULT_FIELDS).required(
    'financingRequest',
    FINANCING_REQUESTS.read,
  );
}

/** A ledger with the standard cast registered and helpers to act as them. */
export class Scenario {
  /** The ledger. */
  public readonly ledger: MemoryLedger;

  /** @param options how the ledger is instantiated (by default with the four orgs of {@link MSP}). */
  public constructor(options: LedgerOptions = {}) {
    this.ledger = new MemoryLedger(options);
  }

  /** An org admin of `mspId` (no participant binding). */
  public admin(mspId: string): Identity {
    return this.ledger.identity(mspId, { role: 'admin' });
  }

  /** A user bound to `who` with `role` (operator by default). */
  public as(who: Party, role = 'operator'): Identity {
    return this.ledger.identity(who.mspId, { role, participant: who.id });
  }

  /** An auditor (viewer, bound to AUD). */
  public auditor(): Identity {
    return this.as(AUDITOR, 'viewer');
  }

  /** Submits as `who` (a party, acting as operator, or an identity). */
  public submit(
    who: Party | Identity,
    fcn: string,
    args: readonly string[],
    options?: TxOptions,
  ): Promise<TxResult> {
    return this.ledger.submit(this.identityOf(who), fcn, args, options);
  }

  /** Evaluates as `who`. */
  public evaluate(who: Party | Identity, fcn: string, args: readonly string[] = []): Promise<TxResult> {
    return this.ledger.evaluate(this.identityOf(who), fcn, args);
  }

  /** Registers parties (by their org admins). */
  public async register(...parties: readonly Party[]): Promise<void> {
    for (const { id, name, kind, mspId } of parties) {
      await this.submit(this.admin(mspId), 'RegisterParticipant', [id, name, kind]);
    }
  }

  /** Registers the cast and grants the standard line. */
  public async standard(): Promise<this> {
    await this.register(...CAST);
    await this.submit(BANK_A, 'GrantCreditLine', [LINE.id, CORE.id, LINE.currency, LINE.limit]);
    return this;
  }

  /** CORE issues a receivable of `amount` to `creditor` (pending acceptance). */
  public async issue(
    amount: string,
    creditor: Party = SUP1,
    request: Readonly<Record<string, unknown>> = {},
  ): Promise<Receivable> {
    const body = { creditorId: creditor.id, amount, currency: LINE.currency, dueDate: DUE, ...request };
    return receivableOf(await this.submit(CORE, 'IssueReceivable', [JSON.stringify(body)]));
  }

  /** CORE issues a receivable to `creditor`, who accepts it. */
  public async active(
    amount: string,
    creditor: Party = SUP1,
    request: Readonly<Record<string, unknown>> = {},
  ): Promise<Receivable> {
    const issued = await this.issue(amount, creditor, request);
    return receivableOf(await this.submit(creditor, 'AcceptReceivable', [issued.id]));
  }

  /** The committed credit line `id` (the standard one by default), read as an auditor. */
  public async creditLine(id: string = LINE.id): Promise<CreditLine> {
    return CREDIT_LINES.read(json(await this.evaluate(this.auditor(), 'GetCreditLine', [id])), 'line');
  }

  /** The committed receivable `id`, read as an auditor. */
  public async receivable(id: string): Promise<Receivable> {
    return RECEIVABLES.read(json(await this.evaluate(this.auditor(), 'GetReceivable', [id])), 'receivable');
  }

  /**
   * Expects `action` to be refused with `code` (message `CODE: …`, the code's error class) and
   * the ledger to be unchanged.
   * @returns the error.
   */
  public async refused(action: () => Promise<unknown>, code: ErrorCode): Promise<ChaincodeError> {
    await this.ledger.instantiate();
    const before = this.ledger.snapshot();
    const height = this.ledger.height;
    const error = await action().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ERROR_CLASSES[code]);
    if (!(error instanceof ChaincodeError)) {
      throw new Error('expected a refusal');
    }
    expect(error.code).toBe(code);
    expect(error.name).toBe(ERROR_CLASSES[code].name);
    expect(error.message.startsWith(`${code}: `)).toBe(true);
    expect(this.ledger.snapshot()).toEqual(before);
    expect(this.ledger.height).toBe(height);
    return error;
  }

  private identityOf(who: Party | Identity): Identity {
    return 'getMSPID' in who ? who : this.as(who);
  }
}
