/**
 * The demo story through the REST API, end to end, on the real contract (the chaincode team's
 * in-memory ledger) — everything but the Fabric network itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { ReceivableView, ReceivableWriteView } from '../../src/api/schemas';
import { loadConfig } from '../../src/config/config';
import { orgKeys } from '../../src/config/network-profile';
import { createPasswordHasher } from '../../src/identity/password-hasher';
import { createRestClient, RestCallError } from '../../src/demo/rest-client';
import { demoOrgs, renderTree, runDemoStory } from '../../src/demo/story';
import { startGateway, type RunningGateway } from '../../src/runtime/gateway';
import { MemoryLedger } from 'receivables-chaincode/testing';
import { FakeCertificateAuthority } from '../support/fake-certificate-authority';
import { TEST_PROFILE } from '../support/fixtures';
import { InProcessLedger } from '../support/in-process-ledger';
import { openEventStream } from '../support/sse-client';
import { TEST_ENV } from '../support/test-gateway';

jest.setTimeout(60_000);

const PASSWORD = 'story password 1';

let dataDir: string;
let gateway: RunningGateway;
let ledger: InProcessLedger | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'scf-gateway-story-'));
  const memory = new MemoryLedger();
  const authorities = new Map(
    orgKeys(TEST_PROFILE).map((org) => [org, new FakeCertificateAuthority()] as const),
  );
  gateway = await startGateway(loadConfig({ ...TEST_ENV, SCF_GATEWAY_DATA_DIR: dataDir }), {
    profile: TEST_PROFILE,
    ledger: (observer) => (ledger = new InProcessLedger(memory, observer)),
    authorities: (org) => authorities.get(org)!,
    hasher: createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 }),
    log: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  await gateway.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the whole story: onboard, grant, issue, accept, split, transfer, finance, settle, trace, audit', async () => {
  const baseUrl = `http://127.0.0.1:${gateway.address().port}`;
  const narration: string[] = [];
  const outcome = await runDemoStory(createRestClient(baseUrl), {
    adminPassword: 'adminpw',
    runId: 'story1',
    dueDate: '2030-06-30',
    say: (line) => narration.push(line),
    userPassword: PASSWORD,
    orgs: demoOrgs(TEST_PROFILE),
  });

  expect(outcome.settled).toMatchObject({ id: 'R-STORY1', status: 'SPLIT', amount: '100000.00' });
  expect(outcome.settled.parts?.map((part) => [part.id, part.holderId, part.status])).toEqual(
    expect.arrayContaining([
      ['R-STORY1.1', 'BANKA-STORY1', 'SETTLED'],
      ['R-STORY1.2', 'T1-STORY1', 'SETTLED'],
    ]),
  );
  expect(outcome.provenance.path.map((hop) => hop.kind)).toEqual(
    expect.arrayContaining(['ISSUE', 'TRANSFER']),
  );
  expect(renderTree(outcome.provenance.tree)[0]).toContain('R-STORY1  100000.00');
  expect(outcome.history.length).toBeGreaterThanOrEqual(3);
  expect(narration.join('\n')).toContain('Provenance of the tier-2 part');

  const memory = ledger!.memory;
  expect(memory.events().map((event) => event.name)).toEqual(
    expect.arrayContaining([
      'CreditLineGranted',
      'ReceivableSplit',
      'FinancingApproved',
      'ReceivableSettled',
    ]),
  );
});

test('visibility and double-spend rules hold through the API on the real contract', async () => {
  const client = createRestClient(`http://127.0.0.1:${gateway.address().port}`);
  const login = (username: string): Promise<string> => client.login(username, PASSWORD);
  const [core, tier1, tier2] = await Promise.all([
    login('core-story1@enterprise'),
    login('t1-story1@enterprise'),
    login('t2-story1@enterprise'),
  ]);

  await expect(client.get(tier2, '/receivables/R-STORY1.2', ReceivableView)).rejects.toMatchObject({
    status: 404,
    problem: { code: 'NOT_FOUND' },
  });
  await expect(client.get(tier1, '/receivables/R-STORY1.2', ReceivableView)).resolves.toMatchObject({
    holderId: 'T1-STORY1',
  });

  await client.post(
    core,
    '/receivables',
    { id: 'R2-STORY1', creditorId: 'T1-STORY1', amount: '10.00', currency: 'EUR', dueDate: '2030-06-30' },
    ReceivableWriteView,
  );
  await client.post(tier1, '/receivables/R2-STORY1/accept', {}, ReceivableWriteView);
  const attempts = await Promise.allSettled([
    client.post(tier1, '/receivables/R2-STORY1/transfer', { toId: 'T2-STORY1' }, ReceivableWriteView),
    client.post(tier1, '/receivables/R2-STORY1/transfer', { toId: 'T2-STORY1' }, ReceivableWriteView),
  ]);
  expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
  const [refused] = attempts.filter((attempt) => attempt.status === 'rejected');
  // the loser either lost the MVCC race (409) or was endorsed after the winner moved it (403: not the holder)
  expect(refused?.reason).toBeInstanceOf(RestCallError);
  expect([403, 409]).toContain(refused?.reason instanceof RestCallError ? refused.reason.status : 0);
  await expect(client.get(tier2, '/receivables/R2-STORY1', ReceivableView)).resolves.toMatchObject({
    holderId: 'T2-STORY1',
  });

  await expect(
    client.post(
      tier2,
      '/receivables/R2-STORY1/split',
      { parts: [{ amount: '5.00' }, { amount: '5.01' }] },
      ReceivableWriteView,
    ),
  ).rejects.toMatchObject({ status: 400 });
  await expect(
    client.post(
      tier2,
      '/receivables/R2-STORY1/transfer',
      { toId: 'T1-STORY1', amount: '10.001' },
      ReceivableWriteView,
    ),
  ).rejects.toMatchObject({ status: 400, problem: { code: 'VALIDATION_FAILED' } });
});

test('an auditor reads every event through the event stream', async () => {
  const adminToken = (
    await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'admin@auditor', password: 'adminpw' })
  ).body as { accessToken: string };
  const stream = await openEventStream(`http://127.0.0.1:${gateway.address().port}/api/v1/events`, {
    Authorization: `Bearer ${adminToken.accessToken}`,
  });
  try {
    const events = await stream.take(ledger!.memory.events().length);
    expect(events.map((event) => event.event)).toEqual(
      expect.arrayContaining(['ReceivableIssued', 'ReceivableSettled']),
    );
  } finally {
    stream.close();
  }
});
