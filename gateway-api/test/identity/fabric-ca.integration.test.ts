/**
 * The identity layer against a REAL Fabric CA (network/bin/fabric-ca-server, v1.5.x): a throwaway
 * server with TLS on 127.0.0.1, started and stopped by this test (only the pid it started).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request as httpsRequest } from 'node:https';
import Database from 'better-sqlite3';
import pino from 'pino';
import { z } from 'zod';
import { orgKeys, type NetworkProfile } from '../../src/config/network-profile';
import { createCurrencyCache } from '../../src/domain/currency-cache';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../../src/identity/certificate-authority';
import { createKeyVault } from '../../src/identity/key-vault';
import { createPasswordHasher } from '../../src/identity/password-hasher';
import { openDatabase, type GatewayDatabase } from '../../src/store/database';
import { createUserStore, type UserStore } from '../../src/store/user-store';
import { bootstrapAdmins } from '../../src/usecases/admin-bootstrap';
import { authenticatedUser } from '../../src/usecases/authentication';
import { createUserEnrollment, type IdentityDeps } from '../../src/usecases/identities';
import { FakeLedger } from '../support/fake-ledger';
import { participant } from '../support/fixtures';

const BIN = resolve(__dirname, '..', '..', '..', 'network', 'bin', 'fabric-ca-server');
// A real fabric-ca-server signs every enrollment: on a loaded 2-core machine four of them take minutes.
jest.setTimeout(240_000);

const ATTRIBUTES_OID_JSON = /\{"attrs":\{[^}]*\}\}/;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        done(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

/** Resolves once `GET /cainfo` answers 200 over TLS; rejects if the process exits first. */
function waitForCa(
  url: string,
  caCertPath: () => string,
  process: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    let exited = false;
    process.once('exit', (code) => {
      exited = true;
      fail(new Error(`fabric-ca-server exited with ${code} before answering`));
    });
    const poll = (): void => {
      if (exited) {
        return;
      }
      if (Date.now() > deadline) {
        fail(new Error('fabric-ca-server did not answer /cainfo in time'));
        return;
      }
      const retry = (): void => {
        setImmediate(() => setTimeout(poll, 100));
      };
      if (!existsSync(caCertPath())) {
        retry();
        return;
      }
      const probe = httpsRequest(
        `${url}/cainfo`,
        { ca: readFileSync(caCertPath()), timeout: 2_000 },
        (response) => {
          response.resume();
          if (response.statusCode === 200) {
            done();
          } else {
            retry();
          }
        },
      );
      probe.on('error', retry);
      probe.end();
    };
    poll();
  });
}

/** The `scf.*` attributes Fabric CA put in a certificate (extension 1.2.3.4.5.6.7.8.1). */
function certificateAttributes(pem: string): Record<string, string> {
  const raw = new X509Certificate(pem).raw.toString('latin1');
  const json = ATTRIBUTES_OID_JSON.exec(raw)?.[0];
  if (json === undefined) {
    return {};
  }
  return z.object({ attrs: z.record(z.string(), z.string()) }).parse(JSON.parse(json)).attrs;
}

describe('identity layer against a real Fabric CA', () => {
  let home: string;
  let server: ChildProcess | undefined;
  let authority: CertificateAuthority;
  let db: GatewayDatabase;
  let users: UserStore;
  let deps: IdentityDeps;
  const vault = createKeyVault(Buffer.alloc(32, 7));
  const hasher = createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
  const log = pino({ level: 'silent' });
  let profile: NetworkProfile;

  beforeAll(async () => {
    if (!existsSync(BIN)) {
      throw new Error(
        `the Fabric CA binary is missing at ${BIN}: build it with scripts/install-fabric.sh (this test never skips)`,
      );
    }
    home = mkdtempSync(join(tmpdir(), 'scf-fabric-ca-'));
    const port = await freePort();
    const operationsPort = await freePort();
    server = spawn(
      BIN,
      [
        'start',
        '-b',
        'admin:adminpw',
        '--port',
        String(port),
        '--address',
        '127.0.0.1',
        '--tls.enabled',
        '--csr.hosts',
        '127.0.0.1,localhost',
        '--home',
        home,
        '--operations.listenaddress',
        `127.0.0.1:${operationsPort}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    server.stderr?.resume();
    const url = `https://127.0.0.1:${port}`;
    const caCertPath = join(home, 'ca-cert.pem');
    await waitForCa(url, () => caCertPath, server, 30_000);
    const ca = { url, caName: '', tlsRootCertPath: caCertPath, registrarId: 'admin' };
    const org = {
      mspId: 'EnterpriseMSP',
      kind: 'ENTERPRISE' as const,
      peer: { endpoint: '127.0.0.1:1', hostAlias: 'peer0', tlsRootCertPath: caCertPath },
      ca,
    };
    profile = {
      channel: 'scf',
      chaincode: 'receivables',
      orgs: { enterprise: org, banka: org, bankb: org, auditor: org },
    };
    authority = createCertificateAuthority({
      ca,
      mspId: 'EnterpriseMSP',
      registrarSecret: 'adminpw',
      timeoutMs: 30_000,
    });
    db = openDatabase(join(home, 'gateway.db'));
    users = createUserStore(db);
    deps = { authorities: () => authority, vault, hasher, users };
  }, 60_000);

  afterAll(async () => {
    db.close();
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((done) => server?.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  test('bootstrap: enrolls the registrar and each admin@<org> with scf.role=admin in the certificate', async () => {
    await bootstrapAdmins({ deps, profile, adminPassword: 'adminpw', log });
    for (const org of orgKeys(profile)) {
      const admin = users.findActive(`admin@${org}`);
      expect(admin).toBeDefined();
      expect(certificateAttributes(admin!.certificate)).toMatchObject({ 'scf.role': 'admin' });
      expect(new X509Certificate(admin!.certificate).subject).toContain(`CN=admin@${org}`);
    }
  });

  test('bootstrap again (restart) keeps the stored administrators', async () => {
    const before = users.findActive('admin@enterprise')!.certificate;
    await bootstrapAdmins({ deps, profile, adminPassword: 'adminpw', log });
    expect(users.findActive('admin@enterprise')!.certificate).toBe(before);
  });

  test('bootstrap with a fresh gateway database re-enrolls administrators the CA already knows', async () => {
    // getOne + update + enroll per org: slow on a loaded machine.
    const freshDb = openDatabase(':memory:');
    try {
      const freshUsers = createUserStore(freshDb);
      const before = users.findActive('admin@banka')!.certificate;
      await bootstrapAdmins({ deps: { ...deps, users: freshUsers }, profile, adminPassword: 'adminpw', log });
      const after = freshUsers.findActive('admin@banka')!.certificate;
      expect(after).not.toBe(before);
      expect(certificateAttributes(after)).toMatchObject({ 'scf.role': 'admin' });
    } finally {
      freshDb.close();
    }
  }, 180_000);

  test("an administrator's login password is not its CA secret: it cannot enroll with it", async () => {
    await expect(deps.authorities('banka').enroll('admin@banka', 'adminpw')).rejects.toThrow(
      /refused to enroll/,
    );
  });

  test('a user is registered and enrolled with scf.participant and scf.role; its key is encrypted at rest', async () => {
    const ledger = new FakeLedger().on('GetParticipant', () =>
      participant('SUP1', 'ENTERPRISE', 'EnterpriseMSP'),
    );
    const admin = authenticatedUser(users.findActive('admin@enterprise')!, vault, 'ENTERPRISE');
    const enrollment = createUserEnrollment(deps);
    const created = await enrollment.enrol(
      { ledger, currencies: createCurrencyCache(), user: admin, deadline: new Date(Date.now() + 10_000) },
      'SUP1',
      { username: 'ops@enterprise', password: 'a long enough password', role: 'operator' },
    );
    expect(created).toMatchObject({ username: 'ops@enterprise', participantId: 'SUP1', role: 'operator' });

    const user = users.findActive('ops@enterprise')!;
    expect(certificateAttributes(user.certificate)).toMatchObject({
      'scf.participant': 'SUP1',
      'scf.role': 'operator',
    });

    const raw = new Database(join(home, 'gateway.db'), { readonly: true });
    try {
      const row = z
        .object({ sealed_key: z.instanceof(Buffer), password_hash: z.string() })
        .parse(
          raw.prepare('SELECT sealed_key, password_hash FROM users WHERE username = ?').get('ops@enterprise'),
        );
      expect(row.sealed_key.toString('latin1')).not.toContain('PRIVATE KEY');
      expect(row.password_hash).not.toContain('a long enough password');
      const key = vault.open(row.sealed_key, 'ops@enterprise');
      expect(key).toContain('-----BEGIN PRIVATE KEY-----');
      expect(() => vault.open(row.sealed_key, 'someone@else')).toThrow();
    } finally {
      raw.close();
    }
    expect(readdirPem(home)).toEqual([]);

    await expect(
      enrollment.enrol(
        { ledger, currencies: createCurrencyCache(), user: admin, deadline: new Date(Date.now() + 10_000) },
        'SUP1',
        {
          username: 'ops@enterprise',
          password: 'another long password',
          role: 'viewer',
        },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test('an identity already registered at the CA by someone else is refused, not taken over', async () => {
    const ledger = new FakeLedger().on('GetParticipant', () =>
      participant('SUP1', 'ENTERPRISE', 'EnterpriseMSP'),
    );
    const admin = authenticatedUser(users.findActive('admin@enterprise')!, vault, 'ENTERPRISE');
    await authority.register({
      enrollmentId: 'outsider@enterprise',
      secret: 'outsiderpw',
      attributes: {},
      ifRegistered: 'fail',
    });
    await expect(
      createUserEnrollment(deps).enrol(
        { ledger, currencies: createCurrencyCache(), user: admin, deadline: new Date(Date.now() + 10_000) },
        'SUP1',
        {
          username: 'outsider@enterprise',
          password: 'a long enough password',
          role: 'operator',
        },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(users.findActive('outsider@enterprise')).toBeUndefined();
    await expect(authority.enroll('outsider@enterprise', 'outsiderpw')).resolves.toMatchObject({
      certificate: expect.stringContaining('BEGIN CERTIFICATE') as unknown,
    });
  });

  test('a wrong enrollment secret is an upstream failure, not a crash', async () => {
    await expect(authority.enroll('ops@enterprise', 'wrong')).rejects.toMatchObject({
      name: 'IdentityProvisioningError',
      code: 'UPSTREAM_FAILED',
    });
  });
});

/** PEM key files left anywhere under `dir` outside the CA's own material (there must be none). */
function readdirPem(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'msp') {
          walk(full);
        }
      } else if (entry.endsWith('_sk') || entry.endsWith('.key')) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}
