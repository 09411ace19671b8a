import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/** Helpers of the tests that run the chaincode as a process: the built package or the runtime. */

const chaincodeDir = resolve(__dirname, '../..');

/** The function names of the README's "Transactions" table. */
export const readmeFunctions: string[] = [
  ...(readFileSync(join(chaincodeDir, 'README.md'), 'utf8').split(/^## Transactions$/m)[1] ?? '')
    .split(/^## /m)[0]!
    .matchAll(/^\| `([A-Z][A-Za-z]+)`/gm),
].map((match) => match[1]!);

/** A self-signed P-256 certificate for 127.0.0.1, written to `dir` as `<name>.crt` / `<name>.key`. */
export function selfSignedCert(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' }); // prettier-ignore
  return { cert, key };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
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
export function waitForOutput(child: ChildProcess, text: string): Promise<void> {
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
      fail(new Error(`chaincode exited (${String(code)}) before "${text}":\n${output}`));
    });
  });
}
