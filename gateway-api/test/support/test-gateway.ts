import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { EvaluationError } from '../../src/domain/errors';
import type { Participant } from 'receivables-chaincode/contract';
import { orgKeys, type NetworkProfile } from '../../src/config/network-profile';
import type { OrgKey } from '../../src/domain/orgs';
import { createPasswordHasher } from '../../src/identity/password-hasher';
import { startGateway, type RunningGateway } from '../../src/runtime/gateway';
import { FakeCertificateAuthority } from './fake-certificate-authority';
import { FakeLedger } from './fake-ledger';
import { TEST_PROFILE, participant } from './fixtures';

// Starting a gateway and enrolling users hashes passwords (scrypt): on a loaded 2-core machine a
// hook of a test file importing this module may take well beyond Jest's default 5 s.
jest.setTimeout(60_000);

/** A gateway on fakes: the real HTTP stack, stores and use cases; a fake ledger and fake CAs. */
export interface TestGateway {
  readonly runtime: RunningGateway;
  readonly app: Express;
  readonly ledger: FakeLedger;
  readonly authorities: ReadonlyMap<OrgKey, FakeCertificateAuthority>;
  readonly participants: Map<string, Participant>;
  readonly dataDir: string;
  /** Logs in and returns the access token. */
  token(username: string, password?: string): Promise<string>;
  /** As `admin@<org>`, registers nothing but enrols a user for a known participant. */
  enrol(options: {
    org: OrgKey;
    participantId: string;
    username: string;
    role: 'admin' | 'operator' | 'viewer';
  }): Promise<string>;
  /** Stops this gateway (keeping its data) and starts another on the same data directory. */
  restart(): Promise<TestGateway>;
  stop(): Promise<void>;
}

/** The password of every test user. */
export const TEST_PASSWORD = 'correct horse battery';

/** The configuration the test gateway starts with (environment variables), overridable. */
export const TEST_ENV: Readonly<Record<string, string>> = {
  SCF_PORT: '0',
  SCF_JWT_SECRET: 'test-token-secret-test-token-secret!',
  SCF_LOG_LEVEL: 'silent',
  SCF_BODY_LIMIT_BYTES: '2048',
  SCF_ADMIN_PASSWORD: 'adminpw',
  SCF_DEV_MODE: 'true',
};

/** Where and on which network a test gateway runs. */
export interface TestGatewayOptions {
  /** Its data directory; a fresh one by default. */
  readonly dataDir?: string;
  /** Its network profile; {@link TEST_PROFILE} by default. */
  readonly profile?: NetworkProfile;
}

/** Starts a gateway on fakes, with a fake CA per org of the profile. */
export async function startTestGateway(
  env: Readonly<Record<string, string>> = {},
  options: Readonly<TestGatewayOptions> = {},
): Promise<TestGateway> {
  const { dataDir = mkdtempSync(join(tmpdir(), 'scf-gateway-test-')), profile = TEST_PROFILE } = options;
  const config = loadConfig({ ...TEST_ENV, SCF_GATEWAY_DATA_DIR: dataDir, ...env });
  let ledger: FakeLedger | undefined;
  const authorities = new Map(orgKeys(profile).map((org) => [org, new FakeCertificateAuthority()] as const));
  const runtime = await startGateway(config, {
    profile,
    ledger: (observer) => (ledger = new FakeLedger(observer, orgKeys(profile))),
    authorities: (org) => authorities.get(org)!,
    hasher: createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 }),
    log: pino({ level: 'silent' }),
  });
  const fake = ledger!;
  const participants = new Map<string, Participant>([
    ['CORE', participant('CORE', 'ENTERPRISE', 'EnterpriseMSP')],
    ['SUP1', participant('SUP1', 'ENTERPRISE', 'EnterpriseMSP')],
    ['SUP2', participant('SUP2', 'ENTERPRISE', 'EnterpriseMSP')],
    ['BANKA', participant('BANKA', 'BANK', 'BankAMSP')],
    ['AUD', participant('AUD', 'AUDITOR', 'AuditorMSP')],
  ]);
  fake.on('GetParticipant', ({ args }) => {
    const found = participants.get(args[0] ?? '');
    if (found === undefined) {
      throw new EvaluationError({ code: 'NOT_FOUND', message: 'no such participant' });
    }
    return found;
  });
  const token = async (username: string, password = TEST_PASSWORD): Promise<string> => {
    const response = await request(runtime.app).post('/api/v1/auth/token').send({ username, password });
    if (response.status !== 200) {
      throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return (response.body as { accessToken: string }).accessToken;
  };
  return {
    runtime,
    app: runtime.app,
    ledger: fake,
    authorities,
    participants,
    dataDir,
    token,
    enrol: async ({ org, participantId, username, role }) => {
      const admin = await token(`admin@${org}`, 'adminpw');
      const response = await request(runtime.app)
        .post(`/api/v1/participants/${participantId}/users`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ username, password: TEST_PASSWORD, role });
      if (response.status !== 201) {
        throw new Error(
          `enrolment of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`,
        );
      }
      return token(username);
    },
    restart: async () => {
      await runtime.stop();
      return startTestGateway(env, { dataDir, profile });
    },
    stop: async () => {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Tokens of the users most tests need. */
export interface StandardTokens {
  readonly enterpriseAdmin: string;
  readonly core: string;
  readonly sup1: string;
  readonly sup1Viewer: string;
  readonly bankA: string;
  readonly auditor: string;
  readonly auditorAdmin: string;
}

/** Enrols the standard users: operators of CORE, SUP1 and BANKA, a SUP1 viewer and an auditor. */
export async function enrolStandardUsers(gateway: TestGateway): Promise<StandardTokens> {
  return {
    enterpriseAdmin: await gateway.token('admin@enterprise', 'adminpw'),
    core: await gateway.enrol({
      org: 'enterprise',
      participantId: 'CORE',
      username: 'core.ops@enterprise',
      role: 'operator',
    }),
    sup1: await gateway.enrol({
      org: 'enterprise',
      participantId: 'SUP1',
      username: 'sup1.ops@enterprise',
      role: 'operator',
    }),
    sup1Viewer: await gateway.enrol({
      org: 'enterprise',
      participantId: 'SUP1',
      username: 'sup1.view@enterprise',
      role: 'viewer',
    }),
    bankA: await gateway.enrol({
      org: 'banka',
      participantId: 'BANKA',
      username: 'ops@banka',
      role: 'operator',
    }),
    auditor: await gateway.enrol({
      org: 'auditor',
      participantId: 'AUD',
      username: 'aud@auditor',
      role: 'operator',
    }),
    auditorAdmin: await gateway.token('admin@auditor', 'adminpw'),
  };
}

/** The Authorization header of a token. */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
