import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, readmeFunctions, selfSignedCert, waitForOutput } from './support/processes';

/**
 * The built chaincode (`dist/`, produced by `npm run build`) under the real fabric-shim runtime, the
 * way a peer's external builder runs it: contract metadata as the peer sees it, and the
 * chaincode-as-a-service server with mutual TLS.
 */

const chaincodeDir = resolve(__dirname, '..');
const cli = require.resolve('fabric-shim/cli');

let work: string;

beforeAll(() => {
  if (!existsSync(join(chaincodeDir, 'dist', 'index.js'))) {
    throw new Error('chaincode/dist is missing: run `npm run build` first (npm test does)');
  }
  work = mkdtempSync(join(tmpdir(), 'scf-chaincode-runtime-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Outcome of a TLS handshake with the chaincode server, with or without a client certificate. */
function handshake(port: number, ca: string, client?: { cert: string; key: string }): Promise<string> {
  return new Promise((done) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(ca),
      ALPNProtocols: ['h2'],
      ...(client === undefined ? {} : { cert: readFileSync(client.cert), key: readFileSync(client.key) }),
    });
    socket.once('secureConnect', () => {
      // TLS 1.3 reports a refused client certificate after the handshake: wait for the server's verdict.
      socket.once('data', () => {
        socket.destroy();
        done('accepted');
      });
      socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      done(`refused: ${error.code ?? error.message}`);
    });
  });
}

/** Like {@link handshake}, retried while the server is not listening yet (bounded: 10 s). */
async function handshakeOnceListening(
  port: number,
  ca: string,
  client: { cert: string; key: string },
): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = await handshake(port, ca, client);
    if (outcome !== 'refused: ECONNREFUSED' || Date.now() > deadline) {
      return outcome;
    }
    await new Promise((next) => setImmediate(next));
  }
}

describe('the built chaincode under fabric-chaincode-node', () => {
  test('exposes every transaction of the README as contract metadata', () => {
    const file = join(work, 'metadata.json');
    execFileSync(
      process.execPath,
      [cli, 'metadata', 'generate', '--module-path', chaincodeDir, '--file', file],
      {
        stdio: 'ignore',
      },
    );
    const metadata: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const names = JSON.stringify(metadata).match(/"name":"[A-Za-z]+"/g) ?? [];
    expect(readmeFunctions.length).toBeGreaterThanOrEqual(20);
    for (const fn of readmeFunctions) {
      expect(names).toContain(`"name":"${fn}"`);
    }
  });

  test('serves as a chaincode-as-a-service server that requires a client certificate', async () => {
    const server = selfSignedCert(work, 'chaincode');
    const peer = selfSignedCert(work, 'peer');
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        cli,
        'server',
        '--chaincode-address',
        `127.0.0.1:${port}`,
        '--chaincode-id',
        'receivables_1:0000',
        '--chaincode-tls-cert-file',
        server.cert,
        '--chaincode-tls-key-file',
        server.key,
        '--chaincode-tls-client-cacert-file',
        peer.cert,
        '--module-path',
        chaincodeDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await waitForOutput(child, 'Bootstrap process completed');
      await expect(handshakeOnceListening(port, server.cert, peer)).resolves.toBe('accepted');
      await expect(handshake(port, server.cert)).resolves.toMatch(/^refused/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
