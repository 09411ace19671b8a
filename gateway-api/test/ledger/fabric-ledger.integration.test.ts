/**
 * The fabric-network adapter against the real Fabric 1.4.12 network of `./test-network.sh up`.
 *
 * Runs when SCF_NETWORK_PROFILE names the network profile (e.g. `.scf/network/profile.json`); it is
 * skipped, visibly, when the variable is unset, and fails with a clear message when the file is
 * missing or the network does not answer. Identities are registered at the orgs' real Fabric CAs
 * (registrar secret SCF_CA_REGISTRAR_SECRET, `adminpw` by default); ids are fresh per run, so the
 * test can run again on the same ledger.
 *
 * It also checks that every Fabric error text the adapter depends on still reads as recorded in
 * `fabric-error-texts.ts`, and prints the texts it saw (SCF_PRINT_FABRIC_TEXTS=1) to refresh them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadNetworkProfile, type NetworkProfile } from '../../src/config/network-profile';
import {
  CommitRejectedError,
  EndorsementError,
  EvaluationError,
  type GatewayFailure,
} from '../../src/domain/errors';
import type { OrgKey } from '../../src/domain/orgs';
import { createCertificateAuthority } from '../../src/identity/certificate-authority';
import { createCallerConnections } from '../../src/ledger/caller-connections';
import { chaincodeRefusal, errorTexts, isUnknownTransaction } from '../../src/ledger/fabric-errors';
import { createFabricLedger } from '../../src/ledger/fabric-ledger';
import type {
  Ledger,
  LedgerCaller,
  LedgerEvent,
  PreparedTransaction,
  SettledTransaction,
  SubmitResult,
} from '../../src/ledger/ledger';
import { createOrgClients } from '../../src/ledger/org-clients';
import { createMetrics } from '../../src/observability/metrics';

const profilePath = process.env['SCF_NETWORK_PROFILE'];
const describeNetwork = profilePath === undefined || profilePath === '' ? describe.skip : describe;

jest.setTimeout(120_000);

const RUN = randomBytes(4).toString('hex');
const id = (name: string): string => `IT${RUN}-${name}`;
const seen: Record<string, string[]> = {};
const record = (what: string, error: unknown): void => {
  seen[what] = errorTexts(error);
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

describeNetwork('fabric-network adapter on the real network (SCF_NETWORK_PROFILE)', () => {
  let profile: NetworkProfile;
  let ledger: Ledger | undefined;
  const prepared: PreparedTransaction[] = [];
  const settled: SettledTransaction[] = [];
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
    const orgProfile = profile.orgs[org];
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

  const network = (): Ledger => {
    if (ledger === undefined) {
      throw new Error('the ledger did not start');
    }
    return ledger;
  };

  const submit = (name: string, fn: string, args: string[]): Promise<SubmitResult> =>
    network().submit({ caller: caller(name), fn, args, deadline: deadline() });

  beforeAll(async () => {
    if (profilePath === undefined || !existsSync(profilePath)) {
      throw new Error(
        `SCF_NETWORK_PROFILE=${String(profilePath)}: no such file — start the network with ./test-network.sh up`,
      );
    }
    profile = loadNetworkProfile(profilePath);
    ledger = createFabricLedger({
      profile,
      observer: {
        prepared: (transaction) => prepared.push(transaction),
        settled: (transaction) => settled.push(transaction),
      },
      metrics: createMetrics(),
      maxInFlightSubmits: 64,
      endorseRetries: 3,
      logger: {
        debug: () => undefined,
        error: (_object, message) => errors.push(message),
      },
    });
    await enrol('enterprise', 'ent-admin', { 'scf.role': 'admin' });
    await enrol('banka', 'bank-admin', { 'scf.role': 'admin' });
    await enrol('auditor', 'auditor-viewer', { 'scf.role': 'viewer' });
  });

  afterAll(() => {
    ledger?.close();
    if (process.env['SCF_PRINT_FABRIC_TEXTS'] === '1') {
      process.stdout.write(`${JSON.stringify(seen, null, 2)}\n`);
    }
  });

  test('every org peer is reachable', async () => {
    const peers = await network().checkPeers(deadline(10_000));
    expect(peers.every((peer) => peer.reachable)).toBe(true);
    expect(peers).toHaveLength(4);
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
    } finally {
      connections.close();
      orgs.close();
    }
  });

  let committed: SubmitResult;
  test('concurrent writes of one key: the losers commit invalid and answer 409 CONFLICT', async () => {
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        submit('core-op', 'IssueReceivable', [
          JSON.stringify({
            id: id(`C${n}`),
            creditorId: id('SUP1'),
            amount: '10',
            currency: 'EUR',
            dueDate: '2099-01-01',
            creditLineId: lineId,
          }),
        ]),
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
  });

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
});
