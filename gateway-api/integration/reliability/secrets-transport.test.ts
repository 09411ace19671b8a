import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import {
  type FabricEndpoint,
  adminOf,
  fabricEndpoints,
  peerCli,
  plaintextPeerCli,
  tlsRoot,
} from '../../../scripts/test/support/fabric';
import { stateDir } from '../../../scripts/test/support/network';
import {
  type Actor,
  type Answer,
  ADMIN_PASSWORD,
  adminToken,
  call,
  gatewayUrl,
  get,
  onboard,
  post,
  runSuffix,
} from '../support/rest';
import { recordFigures } from './support/figures';

/**
 * Reliability case 8, secrets and transport: every Fabric endpoint speaks only mutual TLS; no
 * private key, password or token shows in a log line or a response; the gateway's keys are
 * encrypted at rest; bodies over the cap get 413, pages are capped, a login brute force gets 429.
 */

jest.setTimeout(300_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;

/** What a TLS handshake ended with: 'connected' after the server accepted, else the error code. */
/** "8 Fabric endpoints (3 orderers, 5 peers)", as the topology has them. */
function endpointCount(): string {
  const endpoints = fabricEndpoints();
  const orderers = endpoints.filter((endpoint) => endpoint.org === 'orderer').length;
  return `${String(endpoints.length)} Fabric endpoints (${String(orderers)} orderers, ${String(endpoints.length - orderers)} peers)`;
}

function tlsOutcome(endpoint: FabricEndpoint, withClientCert: boolean): Promise<string> {
  const admin = adminOf(endpoint.org === 'orderer' ? 'orderer' : endpoint.org);
  return new Promise((done) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: endpoint.port,
      ca: readFileSync(tlsRoot(endpoint.org)),
      ALPNProtocols: ['h2'],
      ...(withClientCert
        ? {
            cert: readFileSync(join(admin.tlsDir, 'cert.pem')),
            key: readFileSync(join(admin.tlsDir, 'key.pem')),
          }
        : {}),
    });
    // A TLS 1.3 server refuses a missing certificate after the client's handshake: wait for the
    // server's first frame (gRPC's HTTP/2 SETTINGS) or its alert.
    socket.once('data', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      done(error.code ?? error.message);
    });
  });
}

/** Bytes a server answers to a plaintext HTTP/2 (gRPC) connection preface before it closes. */
function plaintextReply(port: number): Promise<Buffer> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    const socket = netConnect({ host: '127.0.0.1', port }, () => {
      socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      done(Buffer.concat(chunks));
    });
    socket.on('error', () => undefined);
  });
}

/** Every file below `dir` (the state folder's logs, the gateway's data). */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesBelow(path);
    return entry.isFile() ? [path] : [];
  });
}

describe('mutual TLS on every peer and orderer', () => {
  test('every node completes a mutual-TLS handshake with a client certificate of a member org', async () => {
    for (const endpoint of fabricEndpoints()) {
      await expect(tlsOutcome(endpoint, true)).resolves.toBe('connected');
    }
  });

  test('every node refuses a TLS client that presents no certificate', async () => {
    for (const endpoint of fabricEndpoints()) {
      const outcome = await tlsOutcome(endpoint, false);
      expect(outcome).not.toBe('connected');
      expect(outcome).toMatch(/CERTIFICATE|HANDSHAKE|ECONNRESET/);
    }
  });

  test('every node refuses a plaintext gRPC client: no HTTP/2 frame comes back', async () => {
    for (const endpoint of fabricEndpoints()) {
      const reply = await plaintextReply(endpoint.port);
      // A TLS alert record starts with 0x15; an HTTP/2 SETTINGS frame would have type 0x04 at byte 3.
      expect(reply.length === 0 || reply[0] === 0x15 || reply.toString('latin1').startsWith('HTTP/1')).toBe(
        true,
      );
    }
    recordFigures(8, {
      note: `All ${endpointCount()} accepted a mutual-TLS client and refused a certificate-less TLS client and a plaintext gRPC client.`,
    });
  });

  test('the peer CLI is answered with TLS and refused without it', async () => {
    const admin = adminOf('enterprise');
    expect((await peerCli(admin, ['channel', 'list'])).code).toBe(0);
    const plaintext = await plaintextPeerCli(admin, ['channel', 'list', '--connTimeout', '3s']);
    expect(plaintext.code).not.toBe(0);
    expect(plaintext.stderr).toMatch(/error|failed/i);
  });
});

describe('no secret in a log line or a response', () => {
  const answers: Answer[] = [];
  let actor: Actor;
  let userPassword = '';
  let userToken = '';

  beforeAll(async () => {
    actor = await onboard('enterprise', id('SEC'));
    const admin = await adminToken('enterprise');
    userPassword = `${randomBytes(12).toString('base64url')}-sec`;
    answers.push(
      await post(admin, `/participants/${actor.participantId}/users`, {
        username: `${id('secv').toLowerCase()}@enterprise`,
        password: userPassword,
        role: 'viewer',
      }),
    );
    const login = await call('POST', '/auth/token', {
      body: { username: `${id('secv').toLowerCase()}@enterprise`, password: userPassword },
    });
    answers.push(login);
    userToken = String(login.body.accessToken);
    // A failed login with a password of its own, an authenticated read and a refused write: their
    // request logs must not carry the password or the token either.
    answers.push(
      await call('POST', '/auth/token', {
        body: { username: `${id('secv').toLowerCase()}@enterprise`, password: `${userPassword}-wrong` },
      }),
      await get(userToken, `/participants/${actor.participantId}`),
      await post(userToken, '/receivables', { id: id('R'), creditorId: 'X', amount: '1.00' }),
    );
  });

  test('the answers carry no password and no private key; only the login answer carries the token', () => {
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 401, 200, 400]);
    for (const [index, answer] of answers.entries()) {
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain(userPassword);
      expect(text).not.toMatch(/PRIVATE KEY/);
      if (index !== 1) expect(text).not.toContain(userToken);
    }
  });

  test('no log line of any node, CA or the gateway carries a password, a token or a private key', () => {
    const logs = filesBelow(join(stateDir(), 'logs'));
    expect(logs.map((file) => file.split('/').pop())).toContain('gateway.log');
    const secrets = [
      userPassword,
      userToken,
      actor.token,
      ADMIN_PASSWORD === 'adminpw' ? '' : ADMIN_PASSWORD,
    ];
    let lines = 0;
    for (const file of logs) {
      const text = readFileSync(file, 'utf8');
      lines += text.split('\n').length;
      for (const secret of secrets.filter((candidate) => candidate.length >= 8)) {
        expect({ file, leaks: text.includes(secret) }).toEqual({ file, leaks: false });
      }
      expect({ file, key: /-----BEGIN (EC |ENCRYPTED )?PRIVATE KEY-----/.test(text) }).toEqual({
        file,
        key: false,
      });
      // A JWT of the gateway (three base64url parts, HS256 header) never shows in full.
      expect({ file, jwt: /eyJhbGciOiJIUzI1NiIs[\w-]*\.[\w-]+\.[\w-]+/.test(text) }).toEqual({
        file,
        jwt: false,
      });
    }
    recordFigures(8, {
      note: `${logs.length} log files (${lines} lines) searched for this run's passwords, tokens and PEM private keys: none found; the answers carried none.`,
    });
  });

  test("the gateway keeps users' private keys encrypted at rest: no PEM key and no user's key in clear in its data folder", () => {
    const files = filesBelow(join(stateDir(), 'gateway'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      expect({ file, pem: text.includes('PRIVATE KEY') }).toEqual({ file, pem: false });
      expect({ file, password: text.includes(userPassword) }).toEqual({ file, password: false });
    }
    for (const secret of files.filter((file) => file.includes('/secrets/'))) {
      expect({ secret, mode: (statSync(secret).mode & 0o777).toString(8) }).toEqual({ secret, mode: '600' });
    }
  });
});

describe('caps', () => {
  test('a body over the cap (64 KiB) is refused with 413 PAYLOAD_TOO_LARGE and changes nothing', async () => {
    const token = await adminToken('enterprise');
    const name = 'x'.repeat(70_000);
    const answer = await post(token, '/participants', { id: id('BIG'), name, kind: 'ENTERPRISE' });
    expect({ status: answer.status, code: answer.body.code, type: answer.contentType.split(';')[0] }).toEqual(
      {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        type: 'application/problem+json',
      },
    );
    expect((await get(token, `/participants/${id('BIG')}`)).status).toBe(404);
  });

  test('pages are capped at 100: a larger limit is refused with 400, the cap itself answers at most 100', async () => {
    const token = await adminToken('auditor');
    const over = await get(token, '/receivables?limit=101');
    expect({ status: over.status, code: over.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const page = await get(token, '/receivables?limit=100');
    expect(page.status).toBe(200);
    expect(page.body.items?.length).toBeLessThanOrEqual(100);
  });

  test('a login brute force on one user is refused with 429 and Retry-After', async () => {
    const victim = await onboard('enterprise', id('BRUTE'));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const answer = await call('POST', '/auth/token', {
        body: { username: victim.username, password: `wrong-${attempt}-password` },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await fetch(`${gatewayUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: victim.username, password: 'whatever-password' }),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    recordFigures(8, {
      note: 'A 70 kB body got 413, a page of 101 got 400, the 6th wrong password for one user got 429 with Retry-After.',
    });
  });
});
