/**
 * The fabric-network adapter against the real Fabric 1.4.12 network of `./test-network.sh up`.
 *
 * Runs on the integration suites' shared network (its profile in `$SCF_STATE/network/profile.json`);
 * it fails with a clear message when the file is missing or the network does not answer. Identities are registered at the orgs' real Fabric CAs
 * (registrar secret SCF_CA_REGISTRAR_SECRET, `adminpw` by default); ids are fresh per run, so the
 * test can run again on the same ledger.
 *
 * It also checks that every Fabric error text the adapter depends on still reads as recorded in
 * `fabric-error-texts.ts`, and prints the texts it saw (SCF_PRINT_FABRIC_TEXTS=1) to refresh them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../../scripts/test/support/network';
import { loadNetworkProfile, orgKeys, orgOf, type NetworkProfile } from '../src/config/network-profile';
import {
  CommitRejectedError,
  CommitUnknownError,
  EndorsementError,
  EvaluationError,
  type GatewayFailure,
} from '../src/domain/errors';
import type { OrgKey } from '../src/domain/orgs';
import { createCertificateAuthority } from '../src/identity/certificate-authority';
import { createCallerConnections } from '../src/ledger/caller-connections';
import {
  chaincodeRefusal,
  errorTexts,
  isTransientEndorsementFailure,
  isUnknownTransaction,
} from '../src/ledger/fabric-errors';
import { pause } from '../src/ledger/deadline';
import { createFabricLedger, type FabricLedgerOptions } from '../src/ledger/fabric-ledger';
import type {
  Ledger,
  LedgerCaller,
  LedgerEvent,
  PreparedTransaction,
  SettledTransaction,
  SubmitResult,
} from '../src/ledger/ledger';
import { createOrgClients } from '../src/ledger/org-clients';
import { createMetrics } from '../src/observability/metrics';

const profilePath = join(stateDir(), 'network', 'profile.json');

jest.setTimeout(180_000);

const RUN = randomBytes(4).toString('hex');
const id = (name: string): string => `IT${RUN}-${name}`;
const seen: Record<string, { texts: string[]; shape: unknown }> = {};

/** What an error carries that the adapter may read: name, message, codes, the peers' answers. */
function shape(error: unknown, depth = 0): unknown {
  if (typeof error !== 'object' || error === null || depth > 3) {
    return error;
  }
  const object = error as Record<string, unknown>;
  const out: Record<string, unknown> = {
    class: error.constructor.name,
    keys: Object.keys(object).sort(),
  };
  for (const key of ['message', 'code', 'status', 'transactionCode', 'transactionId']) {
    if (object[key] !== undefined) {
      out[key] = object[key];
    }
  }
  for (const key of ['errors', 'responses', 'endorsements', 'details']) {
    const list = object[key];
    if (Array.isArray(list)) {
      out[key] = list.map((item: unknown) => {
        const entry = item as Record<string, unknown> & { response?: Record<string, unknown> };
        return entry.response === undefined
          ? shape(item, depth + 1)
          : {
              class: 'ProposalResponse',
              response: { status: entry.response['status'], message: entry.response['message'] },
            };
      });
    }
  }
  if (object['cause'] !== undefined) {
    out['cause'] = shape(object['cause'], depth + 1);
  }
  return out;
}

/** Keeps what a real run threw (its texts and shape) for `fabric-error-texts.ts`. */
const record = (what: string, error: unknown): void => {
  seen[what] = { texts: errorTexts(error), shape: shape(error) };
};
const deadline = (ms = 30_000): Date => new Date(Date.now() + ms);
const json = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

async function failureOf(work: Promise<unknown>): Promise<GatewayFailure> {
  try {
    await work;
  } catch (error) {
    return error as GatewayFailure;
  }
  throw new Error('expected a failure');
}

describe('fabric-network adapter on the real network', () => {
  let profile: NetworkProfile;
  let ledger: Ledger | undefined;
  let noRetryLedger: Ledger | undefined;
  const prepared: PreparedTransaction[] = [];
  const settled: SettledTransaction[] = [];
  /** Resume states the next submits send again (the Idempotency-Key retry of an unknown outcome). */
  const resumed: string[] = [];
  const callers = new Map<string, LedgerCaller>();
  const errors: string[] = [];

  const caller = (name: string): LedgerCaller => {
    const found = callers.get(name);
    if (found === undefined) {
      throw new Error(`no caller ${name}`);
    }
    return found;
  };

  const enrol = async (org: OrgKey, name: string, attributes: Record<string, string>): Promise<void> => {
    const orgProfile = orgOf(profile, org);
    const ca = createCertificateAuthority({
      ca: orgProfile.ca,
      mspId: orgProfile.mspId,
      registrarSecret: process.env['SCF_CA_REGISTRAR_SECRET'] ?? 'adminpw',
      timeoutMs: 15_000,
    });
    await ca.enrollRegistrar();
    const enrollmentId = `it-${RUN}-${name}`;
    const secret = randomBytes(12).toString('hex');
    await ca.register({ enrollmentId, secret, attributes, ifRegistered: 'fail' });
    const enrollment = await ca.enroll(enrollmentId, secret);
    callers.set(name, {
      id: enrollmentId,
      org,
      mspId: orgProfile.mspId,
      certificate: enrollment.certificate,
      privateKey: () => enrollment.privateKey,
    });
  };

  const openLedger = (on: NetworkProfile, extra: Partial<FabricLedgerOptions> = {}): Ledger =>
    createFabricLedger({
      profile: on,
      observer: {
        prepared: (transaction) => prepared.push(transaction),
        settled: (transaction) => settled.push(transaction),
        resumed: () => resumed.shift(),
      },
      metrics: createMetrics(),
      maxInFlightSubmits: 64,
      endorseRetries: 3,
      logger: {
        debug: () => undefined,
        error: (_object, message) => errors.push(message),
      },
      ...extra,
    });

  const network = (): Ledger => {
    if (ledger === undefined) {
      throw new Error('the ledger did not start');
    }
    return ledger;
  };

  const submit = (name: string, fn: string, args: string[]): Promise<SubmitResult> =>
    network().submit({ caller: caller(name), fn, args, deadline: deadline() });

  beforeAll(async () => {
    if (!existsSync(profilePath)) {
      throw new Error(`${profilePath}: no such file — the integration global setup starts the network`);
    }
    profile = loadNetworkProfile(profilePath);
    ledger = openLedger(profile);
    noRetryLedger = openLedger(profile, { conflictRetries: 0 });
    await enrol('enterprise', 'ent-admin', { 'scf.role': 'admin' });
    await enrol('banka', 'bank-admin', { 'scf.role': 'admin' });
    await enrol('auditor', 'auditor-viewer', { 'scf.role': 'viewer' });
  });

  afterAll(() => {
    ledger?.close();
    noRetryLedger?.close();
    if (process.env['SCF_PRINT_FABRIC_TEXTS'] === '1') {
      process.stdout.write(`${JSON.stringify(seen, null, 2)}\n`);
    }
  });

  test("every org of the network's profile has its peer reachable", async () => {
    const peers = await network().checkPeers(deadline(10_000));
    expect(peers.every((peer) => peer.reachable)).toBe(true);
    expect(peers.map((peer) => peer.org).sort()).toEqual([...orgKeys(profile)].sort());
  });

  test('submit commits and answers the transaction id, block number and result; the journal sees both ends', async () => {
    const result = await submit('ent-admin', 'RegisterParticipant', [id('CORE'), 'Core Co', 'ENTERPRISE']);
    expect(result.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.blockNumber).toBeGreaterThan(0n);
    expect(json(result.result)).toMatchObject({ id: id('CORE'), mspId: 'EnterpriseMSP' });
    expect(prepared.map((entry) => entry.transactionId)).toContain(result.transactionId);
    expect(settled).toContainEqual({
      transactionId: result.transactionId,
      outcome: 'COMMITTED',
      validationCode: 'VALID',
      blockNumber: result.blockNumber,
    });
    await submit('ent-admin', 'RegisterParticipant', [id('SUP1'), 'Supplier 1', 'ENTERPRISE']);
    await submit('ent-admin', 'RegisterParticipant', [id('SUP2'), 'Supplier 2', 'ENTERPRISE']);
    await submit('bank-admin', 'RegisterParticipant', [id('BANKA'), 'Bank A', 'BANK']);
    await enrol('enterprise', 'core-op', { 'scf.role': 'operator', 'scf.participant': id('CORE') });
    await enrol('enterprise', 'sup1-op', { 'scf.role': 'operator', 'scf.participant': id('SUP1') });
    await enrol('banka', 'bank-op', { 'scf.role': 'operator', 'scf.participant': id('BANKA') });
  });

  test('evaluate runs on the caller org peer; a refusal maps by its code', async () => {
    const participant = await network().evaluate({
      caller: caller('auditor-viewer'),
      fn: 'GetParticipant',
      args: [id('CORE')],
      deadline: deadline(),
    });
    expect(json(participant)).toMatchObject({ id: id('CORE') });
    const failure = await failureOf(
      network().evaluate({
        caller: caller('auditor-viewer'),
        fn: 'GetParticipant',
        args: [id('NOPE')],
        deadline: deadline(),
      }),
    );
    record('evaluateRefusal', failure.cause);
    expect(failure).toBeInstanceOf(EvaluationError);
    expect(failure.code).toBe('NOT_FOUND');
  });

  test('a write refused by the chaincode is refused by its plan, before any proposal', async () => {
    const failure = await failureOf(
      submit('ent-admin', 'RegisterParticipant', [id('CORE'), 'Core Co', 'ENTERPRISE']),
    );
    record('planRefusal', failure.cause);
    expect(failure).toBeInstanceOf(EndorsementError);
    expect(failure.code).toBe('CONFLICT');
    expect(settled).toContainEqual({ transactionId: failure.transactionId, outcome: 'NOT_SUBMITTED' });
  });

  test('a holder’s own move is sent unplanned to the caller’s org: its refusal comes from that endorsement, with the chaincode’s code', async () => {
    const failure = await failureOf(submit('sup1-op', 'AcceptReceivable', [id('NOPE')]));
    record('unplannedRefusal', failure.cause);
    expect(failure).toBeInstanceOf(EndorsementError);
    expect(failure.code).toBe('NOT_FOUND');
    // The endorsement's summary, not the plan's evaluate error: no plan was asked for.
    expect(errorTexts(failure.cause)[0]).toMatch(/^No valid responses from any peers/);
    expect(settled).toContainEqual({ transactionId: failure.transactionId, outcome: 'NOT_SUBMITTED' });
  });

  test('a refusal at endorsement (fabric-network, no plan) reads "No valid responses from any peers"', async () => {
    const orgs = createOrgClients(profile);
    const connections = createCallerConnections({
      orgs,
      channel: profile.channel,
      chaincode: profile.chaincode,
      capacity: 2,
      timeoutSeconds: 30,
    });
    try {
      const { contract } = await connections.connectionFor(caller('ent-admin'));
      const error: unknown = await contract
        .createTransaction('RegisterParticipant')
        .submit(id('CORE'), 'Core Co', 'ENTERPRISE')
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      record('endorsementRefusal', error);
      expect((error as Error).message).toMatch(/^No valid responses from any peers/);
      expect(chaincodeRefusal(error)?.code).toBe('CONFLICT');
    } finally {
      connections.close();
      orgs.close();
    }
  });

  let lineId: string;
  test('key-level policies: a write on a credit line (AND bank, obligor) is endorsed by the orgs of its plan', async () => {
    const granted = await submit('bank-op', 'GrantCreditLine', ['', id('CORE'), 'EUR', '100000']);
    lineId = (json(granted.result) as { id: string }).id;
    const plan = json(
      await network().evaluate({
        caller: caller('core-op'),
        fn: 'GetEndorsementPlan',
        args: [
          'IssueReceivable',
          JSON.stringify([
            JSON.stringify({
              creditorId: id('SUP1'),
              amount: '100',
              currency: 'EUR',
              dueDate: '2099-01-01',
              creditLineId: lineId,
            }),
          ]),
        ],
        deadline: deadline(),
      }),
    );
    expect(plan).toEqual(['BankAMSP', 'EnterpriseMSP']);
    const issued = await submit('core-op', 'IssueReceivable', [
      JSON.stringify({
        id: id('R1'),
        creditorId: id('SUP1'),
        amount: '1000',
        currency: 'EUR',
        dueDate: '2099-01-01',
        creditLineId: lineId,
      }),
    ]);
    expect(json(issued.result)).toMatchObject({ receivable: { id: id('R1'), status: 'PENDING_ACCEPTANCE' } });
  });

  let policyFailureId: string;
  test('without the plan (discovery alone) the same write commits invalid: ENDORSEMENT_POLICY_FAILURE', async () => {
    const orgs = createOrgClients(profile);
    const connections = createCallerConnections({
      orgs,
      channel: profile.channel,
      chaincode: profile.chaincode,
      capacity: 2,
      timeoutSeconds: 30,
    });
    try {
      const { contract } = await connections.connectionFor(caller('core-op'));
      const transaction = contract.createTransaction('IssueReceivable');
      transaction.setEndorsingOrganizations('EnterpriseMSP');
      const error: unknown = await transaction
        .submit(
          JSON.stringify({
            creditorId: id('SUP1'),
            amount: '5',
            currency: 'EUR',
            dueDate: '2099-01-01',
            creditLineId: lineId,
          }),
        )
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      record('commitInvalid', error);
      expect(error).toMatchObject({ transactionCode: 'ENDORSEMENT_POLICY_FAILURE' });
      policyFailureId = (error as { transactionId: string }).transactionId;
    } finally {
      connections.close();
      orgs.close();
    }
  });

  let committed: SubmitResult;
  // Races put several transactions in flight at once: on a loaded machine their commits take far
  // longer than one write's, so they get a long deadline (an expired one makes the outcome unknown).
  const raceDeadline = (): Date => deadline(90_000);

  let mvccLoser: CommitRejectedError;
  test('concurrent writes of one key (no retries): the losers commit invalid and answer 409 CONFLICT', async () => {
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        noRetryLedger!.submit({
          caller: caller('core-op'),
          fn: 'IssueReceivable',
          deadline: raceDeadline(),
          args: [
            JSON.stringify({
              id: id(`C${n}`),
              creditorId: id('SUP1'),
              amount: '10',
              currency: 'EUR',
              dueDate: '2099-01-01',
              creditLineId: lineId,
            }),
          ],
        }),
      ),
    );
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    expect(winners.length).toBeGreaterThanOrEqual(1);
    expect(losers.length).toBeGreaterThanOrEqual(1);
    for (const loser of losers) {
      expect(loser).toBeInstanceOf(CommitRejectedError);
      expect(loser).toMatchObject({ code: 'CONFLICT' });
      record(`conflict:${(loser as CommitRejectedError).validationCode}`, (loser as GatewayFailure).cause);
    }
    committed = (winners[0] as PromiseFulfilledResult<SubmitResult>).value;
    mvccLoser = losers.find(
      (loser) => (loser as CommitRejectedError).validationCode === 'MVCC_READ_CONFLICT',
    ) as CommitRejectedError;
    expect(mvccLoser).toBeDefined();
  }, 300_000);

  /** Issues `count` receivables of `amount` at once on a new line of `limit`; the outcomes and the line after. */
  const issueConcurrently = async (
    on: Ledger,
    count: number,
    amount: string,
    limit: string,
  ): Promise<{ committed: number; refusals: string[]; used: bigint; limit: bigint }> => {
    const line = await submit('bank-op', 'GrantCreditLine', ['', id('CORE'), 'EUR', limit]);
    const hotLine = (json(line.result) as { id: string }).id;
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, () =>
        on.submit({
          caller: caller('core-op'),
          fn: 'IssueReceivable',
          args: [
            JSON.stringify({
              creditorId: id('SUP1'),
              amount,
              currency: 'EUR',
              dueDate: '2099-01-01',
              creditLineId: hotLine,
            }),
          ],
          deadline: raceDeadline(),
        }),
      ),
    );
    const after = json(
      await network().evaluate({
        caller: caller('bank-op'),
        fn: 'GetCreditLine',
        args: [hotLine],
        deadline: raceDeadline(),
      }),
    ) as { used: string; limit: string };
    return {
      committed: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
      refusals: outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [(outcome.reason as GatewayFailure).code] : [],
      ),
      used: BigInt(after.used),
      limit: BigInt(after.limit),
    };
  };

  test('a hot credit line: bounded MVCC retries commit more concurrent issuances, and the limit holds', async () => {
    const without = await issueConcurrently(noRetryLedger!, 6, '10', '50');
    const withRetries = await issueConcurrently(network(), 6, '10', '50');
    const printable = (outcome: typeof without): string =>
      JSON.stringify({ ...outcome, used: outcome.used.toString(), limit: outcome.limit.toString() });
    process.stdout.write(
      `hot line, 6 concurrent issuances of 10 on a limit of 50: without retries ${printable(without)}, with ≤2 retries ${printable(withRetries)}\n`,
    );
    for (const outcome of [without, withRetries]) {
      expect(outcome.used).toBe(10n * BigInt(outcome.committed));
      expect(outcome.used).toBeLessThanOrEqual(outcome.limit);
      expect(outcome.refusals.every((code) => code === 'CONFLICT' || code === 'LIMIT_EXCEEDED')).toBe(true);
    }
    expect(withRetries.committed).toBeGreaterThan(without.committed);
  }, 300_000);

  test('retries never pass a credit line limit: the last retries are refused on their merits', async () => {
    const outcome = await issueConcurrently(network(), 4, '20', '50');
    expect(outcome.used).toBe(20n * BigInt(outcome.committed));
    expect(outcome.committed).toBeLessThanOrEqual(2);
    expect(outcome.refusals.every((code) => code === 'CONFLICT' || code === 'LIMIT_EXCEEDED')).toBe(true);
  }, 300_000);

  test('a race on a receivable: the loser is a CONFLICT whichever code invalidated it', async () => {
    await submit('sup1-op', 'AcceptReceivable', [id('R1')]);
    const outcomes = await Promise.allSettled([
      submit('sup1-op', 'TransferReceivable', [id('R1'), id('SUP2'), '']),
      submit('sup1-op', 'TransferReceivable', [id('R1'), id('BANKA'), '']),
    ]);
    const losers = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as GatewayFailure] : [],
    );
    expect(losers).toHaveLength(1);
    expect(losers[0]?.code).toBe('CONFLICT');
    const loser = losers[0];
    record(
      `race:${loser instanceof CommitRejectedError ? loser.validationCode : String(loser?.name)}`,
      loser?.cause,
    );
    expect(errors).toEqual([]);
  });

  test('a transaction sent again under its own id commits under that id, once: sent once more, the peer refuses the duplicate and its outcome is left unknown', async () => {
    const refused = await failureOf(
      submit('ent-admin', 'RegisterParticipant', [id('RESENT'), 'Resent', 'NOPE']),
    );
    const first = prepared.at(-1)!;
    expect(refused.transactionId).toBe(first.transactionId);
    expect(settled.at(-1)).toEqual({ transactionId: first.transactionId, outcome: 'NOT_SUBMITTED' });
    resumed.push(first.resumeState);
    const sentAgain = await submit('ent-admin', 'RegisterParticipant', [
      id('RESENT'),
      'Resent',
      'ENTERPRISE',
    ]);
    expect(sentAgain.transactionId).toBe(first.transactionId);
    resumed.push(first.resumeState);
    const duplicate = await failureOf(
      submit('ent-admin', 'RegisterParticipant', [id('RESENT2'), 'Resent', 'ENTERPRISE']),
    );
    record('duplicateTransaction', duplicate.cause);
    expect(duplicate).toBeInstanceOf(CommitUnknownError);
    expect(duplicate.transactionId).toBe(first.transactionId);
    // The peer logs "duplicate transaction found"; fabric-network only says "Endorsement has failed".
    expect(errorTexts(duplicate.cause).join('\n')).toMatch(/Endorsement has failed/);
    expect(
      settled.filter((entry) => entry.transactionId === first.transactionId).map((entry) => entry.outcome),
    ).toEqual(['NOT_SUBMITTED', 'COMMITTED']);
    const status = await network().getCommitStatus({
      caller: caller('auditor-viewer'),
      transactionId: first.transactionId,
      deadline: deadline(),
    });
    expect(status).toMatchObject({ valid: true, blockNumber: sentAgain.blockNumber });
  });

  test('getTransaction and getCommitStatus read qscc on the caller org peer', async () => {
    const info = await network().getTransaction({
      caller: caller('auditor-viewer'),
      transactionId: committed.transactionId,
      deadline: deadline(),
    });
    expect(info).toMatchObject({
      transactionId: committed.transactionId,
      validationCode: 'VALID',
      blockNumber: committed.blockNumber,
      creatorMspId: 'EnterpriseMSP',
    });
    expect(info.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    const status = await network().getCommitStatus({
      caller: caller('ent-admin'),
      transactionId: committed.transactionId,
      deadline: deadline(),
    });
    expect(status).toEqual({
      transactionId: committed.transactionId,
      valid: true,
      validationCode: 'VALID',
      blockNumber: committed.blockNumber,
    });
    const lost = settled.find((entry) => entry.transactionId === mvccLoser.transactionId);
    expect(lost).toMatchObject({ outcome: 'INVALID', validationCode: 'MVCC_READ_CONFLICT' });
    const invalid = await network().getTransaction({
      caller: caller('auditor-viewer'),
      transactionId: mvccLoser.transactionId ?? '',
      deadline: deadline(),
    });
    expect(invalid).toMatchObject({
      validationCode: 'MVCC_READ_CONFLICT',
      blockNumber: lost?.blockNumber,
      creatorMspId: 'EnterpriseMSP',
    });
    expect(
      await network().getCommitStatus({
        caller: caller('bank-op'),
        transactionId: mvccLoser.transactionId ?? '',
        deadline: deadline(),
      }),
    ).toEqual({
      transactionId: mvccLoser.transactionId,
      valid: false,
      validationCode: 'MVCC_READ_CONFLICT',
      blockNumber: lost?.blockNumber,
    });
    const forged = await network().getTransaction({
      caller: caller('bank-op'),
      transactionId: policyFailureId,
      deadline: deadline(),
    });
    expect(forged).toMatchObject({
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      creatorMspId: 'EnterpriseMSP',
    });
    expect(forged.blockNumber).toBeGreaterThan(0n);
    const unknown = await failureOf(
      network().getTransaction({
        caller: caller('auditor-viewer'),
        transactionId: 'f'.repeat(64),
        deadline: deadline(),
      }),
    );
    record('unknownTransaction', unknown.cause);
    expect(isUnknownTransaction(unknown.cause)).toBe(true);
    expect(unknown.code).toBe('NOT_FOUND');
  });

  test('events resume exactly after the last one processed', async () => {
    const first = await submit('ent-admin', 'RegisterParticipant', [id('EV1'), 'Event 1', 'ENTERPRISE']);
    const second = await submit('ent-admin', 'RegisterParticipant', [id('EV2'), 'Event 2', 'ENTERPRISE']);
    const subscription = await network().subscribeEvents({
      caller: caller('auditor-viewer'),
      after: { blockNumber: first.blockNumber, transactionId: first.transactionId },
    });
    const received: LedgerEvent[] = [];
    for await (const event of subscription) {
      received.push(event);
      if (event.transactionId === second.transactionId) {
        break;
      }
    }
    subscription.close();
    expect(received.map((event) => event.transactionId)).not.toContain(first.transactionId);
    expect(received.at(-1)).toMatchObject({
      transactionId: second.transactionId,
      blockNumber: second.blockNumber,
      eventName: 'ParticipantRegistered',
    });
    expect(json(received.at(-1)?.payload ?? new Uint8Array())).toMatchObject({ id: id('EV2') });
  });

  /** The profile with these orgs' peers listening nowhere (a closed port). */
  const withClosedPeers = (orgs: readonly OrgKey[]): NetworkProfile => ({
    ...profile,
    orgs: Object.fromEntries(
      Object.entries(profile.orgs).map(([org, value]) => [
        org,
        orgs.includes(org)
          ? {
              ...value,
              peer: { ...value.peer, endpoint: `127.0.0.1:${String(1 + orgs.indexOf(org))}` },
            }
          : value,
      ]),
    ),
  });

  test.each([
    ['ownPeerDown', ['enterprise']],
    ['allPeersDown', ['enterprise', 'banka', 'bankb', 'auditor']],
  ] as const)('%s: evaluate and submit answer 503 UPSTREAM_UNAVAILABLE', async (what, down) => {
    const broken = openLedger(withClosedPeers(down));
    try {
      const evaluated = await failureOf(
        broken.evaluate({
          caller: caller('ent-admin'),
          fn: 'GetParticipant',
          args: [id('CORE')],
          deadline: deadline(),
        }),
      );
      record(`${what}:evaluate`, evaluated.cause);
      expect(evaluated).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 2 });
      const submitted = await failureOf(
        broken.submit({
          caller: caller('ent-admin'),
          fn: 'RegisterParticipant',
          args: [id(`DOWN${what}`), 'Down', 'ENTERPRISE'],
          deadline: deadline(),
        }),
      );
      record(`${what}:submit`, submitted.cause);
      expect(submitted).toBeInstanceOf(EndorsementError);
      expect(submitted).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      broken.close();
    }
  });

  test('every orderer unreachable (endorsed, the broadcast never connects): 503 naming the transaction, outcome unknown', async () => {
    const orgs = createOrgClients(profile);
    const { client } = orgs.clientOf('enterprise');
    const channel = client.getChannel(profile.channel);
    // Discovery reuses a committer already on the channel with the discovered URL: give it one whose
    // connection goes to a closed port.
    for (const port of [7350, 7450, 7550].map(
      (base) => base + (Number(/:(\d+)$/.exec(orgOf(profile, 'enterprise').peer.endpoint)?.[1]) - 7351),
    )) {
      const committer = client.newCommitter(`127.0.0.1:${port}`, 'OrdererMSP');
      const endpoint = client.newEndpoint({ url: `grpcs://127.0.0.1:${port}`, pem: '' });
      (endpoint as unknown as { addr: string }).addr = '127.0.0.1:1';
      committer.setEndpoint(endpoint);
      channel.addCommitter(committer);
    }
    const broken = openLedger(profile, { orgs });
    try {
      const failure = await failureOf(
        broken.submit({
          caller: caller('ent-admin'),
          fn: 'RegisterParticipant',
          args: [id('NOORDERER'), 'No orderer', 'ENTERPRISE'],
          deadline: deadline(),
        }),
      );
      record('orderersDown:submit', failure.cause);
      // fabric-common keeps trying to reach an orderer: the request deadline passes after the
      // endorsements were handed over, so the gateway cannot know the transaction was never ordered.
      expect(failure).toBeInstanceOf(CommitUnknownError);
      expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 2 });
      expect(failure.transactionId).toMatch(/^[0-9a-f]{64}$/);
      expect(settled.map((entry) => entry.transactionId)).not.toContain(failure.transactionId);
    } finally {
      broken.close();
    }
  });

  test('endorsers a block apart: "Peer endorsements do not match" (probe: recorded when seen)', async () => {
    // Right after a write of the credit line commits on the caller's org peer, propose a write of that
    // line to both orgs (never ordered): the bank's peer may still be a block behind.
    const orgs = createOrgClients(profile);
    const connections = createCallerConnections({
      orgs,
      channel: profile.channel,
      chaincode: profile.chaincode,
      capacity: 2,
      timeoutSeconds: 30,
    });
    const issue = (amount: string): string =>
      JSON.stringify({
        creditorId: id('SUP1'),
        amount,
        currency: 'EUR',
        dueDate: '2099-01-01',
        creditLineId: lineId,
      });
    let mismatch: unknown;
    let rounds = 0;
    try {
      const { contract } = await connections.connectionFor(caller('core-op'));
      const probe = async (): Promise<void> => {
        const transaction = contract.createTransaction('IssueReceivable');
        transaction.setEndorsingOrganizations('BankAMSP', 'EnterpriseMSP');
        transaction.setEventHandler(() => ({
          startListening: () => Promise.reject(new Error('probe: never ordered')),
          waitForEvents: () => Promise.resolve(),
          cancelListening: () => undefined,
        }));
        await transaction.submit(issue('1')).catch((error: unknown) => {
          if (errorTexts(error).some((text) => text.includes('do not match'))) {
            mismatch ??= error;
          }
        });
      };
      const until = Date.now() + 60_000;
      while (mismatch === undefined && rounds < 12 && Date.now() < until) {
        rounds += 1;
        await submit('core-op', 'IssueReceivable', [issue('1')]);
        await Promise.all([0, 1, 2, 4, 8].map((ms) => pause(ms, deadline()).then(probe)));
      }
    } finally {
      connections.close();
      orgs.close();
    }
    process.stdout.write(
      `endorsement mismatch ${mismatch === undefined ? 'not seen' : 'seen'} in ${String(rounds)} rounds\n`,
    );
    if (mismatch !== undefined) {
      record('endorsementMismatch', mismatch);
      expect(isTransientEndorsementFailure(mismatch)).toBe(true);
    }
  }, 120_000);
});
