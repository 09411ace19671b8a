import * as grpc from '@grpc/grpc-js';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Server } from 'node:tls';

/**
 * The chaincode image's TLS preload (network/ccenv/tls-verify.js). A Fabric 1.4 peer's chaincode
 * listener presents a leaf signed by a CA whose only extended key usage is "any", which Node's
 * OpenSSL 3 refuses for a TLS server. Certificates of that shape are made here with the openssl
 * CLI; real TLS (and gRPC) servers run in this process, clients in child processes with and
 * without `--require tls-verify.js`, so the preload never patches this test's own `tls`.
 */

const preload = resolve(__dirname, '../../network/ccenv/tls-verify.js');
// The gRPC library fabric-shim talks to the peer with.
const grpcModule = require.resolve('@grpc/grpc-js', { paths: [resolve(__dirname, '../../chaincode')] });
const peerHost = 'peer0.enterprise.scf.local';

let dir: string;
let serial = 100;
const servers: Server[] = [];
const grpcServers: grpc.Server[] = [];
const ports: Record<
  'good' | 'wrongCa' | 'expired' | 'wrongHost' | 'unrelated' | 'grpcGood' | 'grpcWrongCa',
  number
> = {
  good: 0,
  wrongCa: 0,
  expired: 0,
  wrongHost: 0,
  unrelated: 0,
  grpcGood: 0,
  grpcWrongCa: 0,
};

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

const file = (name: string): string => join(dir, name);

/** A self-signed CA; `anyEku` gives it the 1.4 peer's "any" extended key usage only. */
function makeCa(name: string, anyEku: boolean): void {
  writeFileSync(
    file(`${name}.cnf`),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      'x509_extensions = ext',
      '[dn]',
      `CN = ${name}`,
      '[ext]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      ...(anyEku ? ['extendedKeyUsage = anyExtendedKeyUsage'] : []),
      '',
    ].join('\n'),
  );
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    `${name}.key`,
    '-config',
    `${name}.cnf`,
    '-days',
    '30',
    '-out',
    `${name}.pem`,
  );
}

/** A server leaf for SANS signed by CA, valid now, or (expired) only during January 2020. */
function makeLeaf(name: string, ca: string, sans: string, expired = false): void {
  writeFileSync(
    file(`${name}.ext`),
    [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      `subjectAltName = ${sans}`,
      'authorityKeyIdentifier = keyid',
      '',
    ].join('\n'),
  );
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
  if (!expired) {
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-set_serial',
      String((serial += 1)),
      '-days',
      '30',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
    return;
  }
  // `openssl x509` cannot back-date; `openssl ca` takes explicit start and end dates.
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('serial'), '1000\n');
  writeFileSync(
    file('ca-db.cnf'),
    [
      '[ca]',
      'default_ca = db',
      '[db]',
      `database = ${file('index.txt')}`,
      `new_certs_dir = ${dir}`,
      `serial = ${file('serial')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  openssl(
    'ca',
    '-batch',
    '-notext',
    '-config',
    'ca-db.cnf',
    '-cert',
    `${ca}.pem`,
    '-keyfile',
    `${ca}.key`,
    '-in',
    `${name}.csr`,
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  );
}

function startTlsServer(leaf: string): Promise<number> {
  const server = createServer({
    key: readFileSync(file(`${leaf}.key`)),
    cert: readFileSync(file(`${leaf}.pem`)),
  });
  servers.push(server);
  server.on('secureConnection', (socket) => {
    socket.on('error', () => undefined); // a client that refuses the certificate resets the connection
    socket.end('hello');
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      done((server.address() as AddressInfo).port);
    });
  });
}

const echo: grpc.ServiceDefinition = {
  echo: {
    path: '/scf.test.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (bytes: Buffer) => bytes,
    originalName: 'echo',
  },
};

function startGrpcServer(leaf: string): Promise<number> {
  const server = new grpc.Server();
  grpcServers.push(server);
  server.addService(echo, {
    echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      callback(null, call.request);
    },
  });
  const credentials = grpc.ServerCredentials.createSsl(
    null,
    [{ private_key: readFileSync(file(`${leaf}.key`)), cert_chain: readFileSync(file(`${leaf}.pem`)) }],
    false,
  );
  return new Promise((done, fail) => {
    server.bindAsync('127.0.0.1:0', credentials, (error, port) => {
      if (error) fail(error);
      else done(port);
    });
  });
}

interface Outcome {
  readonly preloadActive?: boolean;
  readonly connected: boolean;
  readonly authorized?: boolean;
  readonly data?: string;
  readonly error?: string;
  readonly code?: string | number;
}

interface ClientSpec {
  readonly port: number;
  readonly ca?: string;
  readonly servername?: string;
  readonly secureContext?: boolean;
}

/** Child process: one TLS connection as spec says; prints the outcome as JSON. */
const tlsClient = `
const fs = require('fs');
const tls = require('tls');
const spec = JSON.parse(process.argv[1]);
const ca = spec.ca ? fs.readFileSync(spec.ca) : undefined;
const options = { host: '127.0.0.1', port: spec.port, servername: spec.servername };
if (spec.secureContext) options.secureContext = tls.createSecureContext({ ca });
else if (ca) options.ca = ca;
const preloadActive = globalThis[Symbol.for('scf.tls-verify')]?.active;
let data = '';
let connected = false;
let authorized;
const socket = tls.connect(options, () => { connected = true; authorized = socket.authorized; });
socket.setEncoding('utf8');
socket.on('data', (chunk) => { data += chunk; });
socket.on('end', () => { console.log(JSON.stringify({ preloadActive, connected, authorized, data })); });
socket.on('error', (e) => { console.log(JSON.stringify({ preloadActive, connected, error: e.message, code: e.code })); });
`;

/** Child process: one unary gRPC call the way fabric-shim connects (createSsl with the root CA). */
const grpcClient = `
const grpc = require(process.argv[2]);
const spec = JSON.parse(process.argv[1]);
const identity = { path: '/scf.test.Echo/Echo', requestStream: false, responseStream: false,
  requestSerialize: (v) => v, requestDeserialize: (b) => b, responseSerialize: (v) => v, responseDeserialize: (b) => b };
const Client = grpc.makeGenericClientConstructor({ echo: identity }, 'Echo');
const options = spec.servername ? { 'grpc.ssl_target_name_override': spec.servername } : {};
const client = new Client('127.0.0.1:' + spec.port, grpc.credentials.createSsl(require('fs').readFileSync(spec.ca)), options);
client.echo(Buffer.from('ping'), { deadline: Date.now() + 20000 }, (error, reply) => {
  console.log(JSON.stringify(error ? { connected: false, error: error.message, code: error.code } : { connected: true, data: reply.toString() }));
  client.close();
});
`;

function runChild(
  script: string,
  spec: ClientSpec,
  opts: { preload: boolean; extraArgs?: readonly string[] },
): Promise<Outcome> {
  const args = [
    ...(opts.preload ? ['--require', preload] : []),
    '-e',
    script,
    '--',
    JSON.stringify(spec),
    ...(opts.extraArgs ?? []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, CORE_PEER_TLS_ROOTCERT_FILE: file('peer-ca.pem') };
  delete env.NODE_OPTIONS;
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        fail(new Error(`client failed: ${error.message}\n${stderr}`));
        return;
      }
      done(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Outcome);
    });
  });
}

const viaPreload = (spec: ClientSpec, extraArgs?: readonly string[]): Promise<Outcome> =>
  runChild(tlsClient, spec, { preload: true, ...(extraArgs ? { extraArgs } : {}) });
const plainNode = (spec: ClientSpec): Promise<Outcome> => runChild(tlsClient, spec, { preload: false });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scf-tls-verify-'));
  makeCa('peer-ca', true); // what the 1.4 peer makes at each start
  makeCa('wrong-ca', true);
  makeCa('plain-ca', false); // an ordinary CA, for connections the preload must leave alone
  makeLeaf('good', 'peer-ca', `DNS:${peerHost}, IP:127.0.0.1`);
  makeLeaf('foreign', 'wrong-ca', `DNS:${peerHost}, IP:127.0.0.1`);
  makeLeaf('expired', 'peer-ca', `DNS:${peerHost}, IP:127.0.0.1`, true);
  makeLeaf('elsewhere', 'peer-ca', 'DNS:other.example.com, IP:10.9.9.9');
  makeLeaf('plain', 'plain-ca', 'DNS:localhost, IP:127.0.0.1');
  [
    ports.good,
    ports.wrongCa,
    ports.expired,
    ports.wrongHost,
    ports.unrelated,
    ports.grpcGood,
    ports.grpcWrongCa,
  ] = await Promise.all([
    startTlsServer('good'),
    startTlsServer('foreign'),
    startTlsServer('expired'),
    startTlsServer('elsewhere'),
    startTlsServer('plain'),
    startGrpcServer('good'),
    startGrpcServer('foreign'),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((done) => {
          server.close(() => {
            done();
          });
        }),
    ),
  );
  for (const server of grpcServers) server.forceShutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

jest.setTimeout(60_000);

describe('the 1.4 peer certificate chain (CA with extended key usage "any" only)', () => {
  it('is refused by plain Node (OpenSSL 3): unsuitable certificate purpose', async () => {
    const outcome = await plainNode({ port: ports.good, ca: file('peer-ca.pem') });
    expect(outcome).toMatchObject({
      connected: false,
      error: 'unsuitable certificate purpose',
      code: 'INVALID_PURPOSE',
    });
  });

  it('connects through the preload when ca is the peer root CA (IP address checked)', async () => {
    const outcome = await viaPreload({ port: ports.good, ca: file('peer-ca.pem') });
    expect(outcome).toEqual({ preloadActive: true, connected: true, authorized: true, data: 'hello' });
  });

  it('connects through the preload with a secure context made from the root CA (grpc-js style, host name checked)', async () => {
    const outcome = await viaPreload({
      port: ports.good,
      ca: file('peer-ca.pem'),
      servername: peerHost,
      secureContext: true,
    });
    expect(outcome).toEqual({ preloadActive: true, connected: true, authorized: true, data: 'hello' });
  });

  it('connects through the preload to the --peer.address, whatever the ca option', async () => {
    const outcome = await viaPreload({ port: ports.good }, ['--peer.address', `127.0.0.1:${ports.good}`]);
    expect(outcome).toMatchObject({ connected: true, authorized: true, data: 'hello' });
  });

  it('carries a gRPC call (grpc-js createSsl, as fabric-shim connects) through the preload, not without it', async () => {
    const spec = { port: ports.grpcGood, ca: file('peer-ca.pem'), servername: peerHost };
    const withPreload = await runChild(grpcClient, spec, { preload: true, extraArgs: [grpcModule] });
    expect(withPreload).toEqual({ connected: true, data: 'ping' });
    const without = await runChild(grpcClient, spec, { preload: false, extraArgs: [grpcModule] });
    expect(without).toMatchObject({ connected: false, code: grpc.status.UNAVAILABLE });
    expect(without.error).toContain('unsuitable certificate purpose');
  });
});

describe('certificates the preload refuses', () => {
  it('refuses a certificate from another CA', async () => {
    const outcome = await viaPreload({ port: ports.wrongCa, ca: file('peer-ca.pem') });
    expect(outcome.connected).toBe(false);
    expect(outcome.code).toBe('ERR_SCF_PEER_CERTIFICATE');
    expect(outcome.error).toMatch(
      /refused the peer certificate of 127\.0\.0\.1:\d+: not issued by the CA in .*peer-ca\.pem/,
    );
  });

  it('refuses a certificate from another CA over gRPC too', async () => {
    const spec = { port: ports.grpcWrongCa, ca: file('peer-ca.pem'), servername: peerHost };
    const outcome = await runChild(grpcClient, spec, { preload: true, extraArgs: [grpcModule] });
    expect(outcome).toMatchObject({ connected: false, code: grpc.status.UNAVAILABLE });
    expect(outcome.error).toContain('tls-verify: refused the peer certificate');
  });

  it('refuses an expired certificate', async () => {
    const outcome = await viaPreload({ port: ports.expired, ca: file('peer-ca.pem') });
    expect(outcome).toMatchObject({ connected: false, code: 'ERR_SCF_PEER_CERTIFICATE' });
    expect(outcome.error).toMatch(/certificate expired on Feb +1 00:00:00 2020 GMT/);
  });

  it('refuses a certificate for another host', async () => {
    const byIp = await viaPreload({ port: ports.wrongHost, ca: file('peer-ca.pem') });
    expect(byIp).toMatchObject({ connected: false, code: 'ERR_SCF_PEER_CERTIFICATE' });
    expect(byIp.error).toContain('not valid for 127.0.0.1 (DNS:other.example.com, IP Address:10.9.9.9)');
    const byName = await viaPreload({ port: ports.wrongHost, ca: file('peer-ca.pem'), servername: peerHost });
    expect(byName).toMatchObject({ connected: false, code: 'ERR_SCF_PEER_CERTIFICATE' });
    expect(byName.error).toContain(`not valid for ${peerHost}`);
  });

  it('refuses the peer address when its certificate is not from the peer root CA', async () => {
    const outcome = await viaPreload({ port: ports.wrongCa }, [
      '--peer.address',
      `127.0.0.1:${ports.wrongCa}`,
    ]);
    expect(outcome).toMatchObject({ connected: false, code: 'ERR_SCF_PEER_CERTIFICATE' });
  });
});

describe('every other TLS connection is untouched', () => {
  it('verifies an unrelated server exactly as plain Node does', async () => {
    const spec = { port: ports.unrelated, ca: file('plain-ca.pem') };
    expect(await viaPreload(spec)).toEqual({
      preloadActive: true,
      connected: true,
      authorized: true,
      data: 'hello',
    });
    expect(await plainNode(spec)).toMatchObject({ connected: true, authorized: true, data: 'hello' });
  });

  it('still lets Node refuse an unrelated server it cannot verify', async () => {
    const outcome = await viaPreload({ port: ports.unrelated });
    expect(outcome).toMatchObject({ connected: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it("still lets Node refuse the peer's chain when another CA is asked for", async () => {
    const outcome = await viaPreload({ port: ports.good, ca: file('plain-ca.pem') });
    expect(outcome).toMatchObject({ connected: false });
    expect(outcome.code).not.toBe('ERR_SCF_PEER_CERTIFICATE');
  });

  it('changes nothing without CORE_PEER_TLS_ROOTCERT_FILE', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CORE_PEER_TLS_ROOTCERT_FILE;
    delete env.NODE_OPTIONS;
    const out = execFileSync(
      process.execPath,
      ['--require', preload, '-e', "console.log(JSON.stringify(globalThis[Symbol.for('scf.tls-verify')]))"],
      { env, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({
      loaded: true,
      active: false,
      reason: 'CORE_PEER_TLS_ROOTCERT_FILE not set',
    });
  });
});
