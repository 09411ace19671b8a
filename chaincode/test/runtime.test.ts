import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The built chaincode (`dist/`, produced by `npm run build`) under the real fabric-shim runtime, the
 * way a peer's external builder runs it: contract metadata as the peer sees it, and the
 * chaincode-as-a-service server with mutual TLS.
 */

const chaincodeDir = resolve(__dirname, '..');
const cli = require.resolve('fabric-shim/cli');
/** The function names of the README's "Transactions" table. */
const readmeFunctions = [
  ...(readFileSync(join(chaincodeDir, 'README.md'), 'utf8').split(/^## Transactions$/m)[1] ?? '')
    .split(/^## /m)[0]!
    .matchAll(/^\| `([A-Z][A-Za-z]+)`/gm),
].map((match) => match[1]);

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

function selfSignedCert(name: string): { cert: string; key: string } {
  const cert = join(work, `${name}.crt`);
  const key = join(work, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' }); // prettier-ignore
  return { cert, key };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        done(port);
      });
    });
  });
}

/** Resolves once `child` prints `text`; fails if it exits first. */
function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  return new Promise((done, fail) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(text)) {
        done();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      fail(new Error(`chaincode server exited (${String(code)}) before "${text}":\n${output}`));
    });
  });
}

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
      expect(names).toContain(`"name":"${String(fn)}"`);
    }
  });

  test('serves as a chaincode-as-a-service server that requires a client certificate', async () => {
    const server = selfSignedCert('chaincode');
    const peer = selfSignedCert('peer');
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
