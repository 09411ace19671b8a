import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Integration tests of the local network's certificate authorities, driven through
 * ./test-network.sh exactly as a user runs it, in a throwaway state folder and on shifted ports
 * so they never touch a developer's own network.
 */

const repoRoot = resolve(__dirname, '../..');
const script = join(repoRoot, 'test-network.sh');
const portOffset = 500;
const orgs = [
  { key: 'orderer', domain: 'orderer.scf.local', caPort: 7054 },
  { key: 'enterprise', domain: 'enterprise.scf.local', caPort: 7154 },
  { key: 'banka', domain: 'banka.scf.local', caPort: 7254 },
  { key: 'bankb', domain: 'bankb.scf.local', caPort: 7354 },
  { key: 'auditor', domain: 'auditor.scf.local', caPort: 7454 },
] as const;

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let state: string;

function run(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      script,
      [...args],
      {
        env: { ...process.env, SCF_STATE: state, SCF_PORT_OFFSET: String(portOffset), ...extraEnv },
        timeout: 240_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Rows of `status`: node name → { pid, address, state }. */
function parseStatus(stdout: string): Map<string, { pid: string; address: string; state: string }> {
  const rows = new Map<string, { pid: string; address: string; state: string }>();
  for (const line of stdout.trim().split('\n').slice(1)) {
    const [node, pid, address, nodeState] = line.trim().split(/\s+/);
    if (node !== undefined && pid !== undefined && address !== undefined && nodeState !== undefined) {
      rows.set(node, { pid, address, state: nodeState });
    }
  }
  return rows;
}

function caNodes(): string[] {
  return orgs.flatMap((org) => [`ca.${org.key}`, `tlsca.${org.key}`]);
}

function caRoot(org: string, which: 'ca' | 'tlsca'): string {
  return join(state, 'network', 'cas', org, which, 'ca-cert.pem');
}

function orgDir(domain: string): string {
  return join(state, 'network', 'organizations', domain);
}

function cert(path: string): X509Certificate {
  return new X509Certificate(readFileSync(path));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function getCaInfo(port: number, ca: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path: '/cainfo', ca: readFileSync(ca), servername: 'localhost' },
      (res) => {
        res.resume();
        res.on('end', () => {
          done(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', fail);
    req.end();
  });
}

function getPlaintext(port: number): Promise<number> {
  return new Promise((done) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/cainfo' }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => {
      done(0);
    });
    req.end();
  });
}

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'scf-network-test-'));
  const result = await run(['cas']);
  if (result.code !== 0) {
    throw new Error(`./test-network.sh cas failed (${result.code}):\n${result.stderr}`);
  }
}, 300_000);

afterAll(async () => {
  await run(['down']);
  rmSync(state, { recursive: true, force: true });
}, 120_000);

describe('the local network certificate authorities', () => {
  test('run one enrollment CA and one TLS CA per organization, each bound to 127.0.0.1', async () => {
    const status = parseStatus((await run(['status'])).stdout);
    for (const org of orgs) {
      expect(status.get(`ca.${org.key}`)).toMatchObject({
        address: `127.0.0.1:${org.caPort + portOffset}`,
        state: 'running',
      });
      expect(status.get(`tlsca.${org.key}`)).toMatchObject({
        address: `127.0.0.1:${org.caPort + 1 + portOffset}`,
        state: 'running',
      });
    }
  });

  test('serve only TLS: cainfo answers over TLS and a plaintext request is refused', async () => {
    for (const org of orgs) {
      const port = org.caPort + portOffset;
      await expect(getCaInfo(port, caRoot(org.key, 'ca'))).resolves.toBe(200);
      await expect(getCaInfo(port + 1, caRoot(org.key, 'tlsca'))).resolves.toBe(200);
      expect(await getPlaintext(port)).not.toBe(200);
    }
  });

  test('issue every peer, orderer and admin identity from its own organization CA with its NodeOU', () => {
    for (const org of orgs) {
      const root = cert(caRoot(org.key, 'ca'));
      const nodes =
        org.key === 'orderer'
          ? ['orderer1', 'orderer2', 'orderer3'].map((name) => ({
              dir: join(orgDir(org.domain), 'orderers', `${name}.${org.domain}`),
              ou: 'orderer',
            }))
          : [{ dir: join(orgDir(org.domain), 'peers', `peer0.${org.domain}`), ou: 'peer' }];
      nodes.push({ dir: join(orgDir(org.domain), 'users', `Admin@${org.domain}`), ou: 'admin' });
      for (const node of nodes) {
        const signcert = cert(join(node.dir, 'msp', 'signcerts', 'cert.pem'));
        expect(signcert.verify(root.publicKey)).toBe(true);
        expect(signcert.subject).toContain(`OU=${node.ou}`);
        expect(existsSync(join(node.dir, 'msp', 'keystore', 'key.pem'))).toBe(true);
        expect(readFileSync(join(node.dir, 'msp', 'config.yaml'), 'utf8')).toContain('Enable: true');
      }
    }
  });

  test('issue TLS server certificates from the TLS CA, naming the host and 127.0.0.1', () => {
    const org = orgs[1];
    const tlsRoot = cert(caRoot(org.key, 'tlsca'));
    const peerTls = cert(join(orgDir(org.domain), 'peers', `peer0.${org.domain}`, 'tls', 'cert.pem'));
    expect(peerTls.verify(tlsRoot.publicKey)).toBe(true);
    expect(peerTls.subjectAltName).toContain(`DNS:peer0.${org.domain}`);
    expect(peerTls.subjectAltName).toContain('IP Address:127.0.0.1');
    const gatewayTls = cert(join(orgDir(org.domain), 'users', `gateway@${org.domain}`, 'tls', 'cert.pem'));
    expect(gatewayTls.verify(tlsRoot.publicKey)).toBe(true);
  });

  test('write a network profile for the gateway naming every peer org', () => {
    const profile: unknown = JSON.parse(readFileSync(join(state, 'network', 'profile.json'), 'utf8'));
    expect(profile).toMatchObject({
      channel: 'scf',
      chaincode: 'receivables',
      orgs: {
        enterprise: { mspId: 'EnterpriseMSP', ca: { caName: 'ca-enterprise' } },
        banka: { mspId: 'BankAMSP' },
        bankb: { mspId: 'BankBMSP' },
        auditor: { mspId: 'AuditorMSP' },
      },
    });
  });

  test('a second bring-up is harmless: same processes, same certificates', async () => {
    const peerCert = join(
      orgDir('banka.scf.local'),
      'peers',
      'peer0.banka.scf.local',
      'msp',
      'signcerts',
      'cert.pem',
    );
    const serialBefore = cert(peerCert).serialNumber;
    const pidsBefore = parseStatus((await run(['status'])).stdout);
    expect((await run(['cas'])).code).toBe(0);
    const pidsAfter = parseStatus((await run(['status'])).stdout);
    expect(cert(peerCert).serialNumber).toBe(serialBefore);
    for (const node of caNodes()) {
      expect(pidsAfter.get(node)?.pid).toBe(pidsBefore.get(node)?.pid);
    }
  }, 120_000);

  test('stop ends every process and keeps the state; start brings the same CAs back', async () => {
    const before = parseStatus((await run(['status'])).stdout);
    const peerCert = join(
      orgDir('bankb.scf.local'),
      'peers',
      'peer0.bankb.scf.local',
      'msp',
      'signcerts',
      'cert.pem',
    );
    const serial = cert(peerCert).serialNumber;
    expect((await run(['stop'])).code).toBe(0);
    for (const node of caNodes()) {
      expect(processAlive(Number(before.get(node)?.pid))).toBe(false);
    }
    expect(cert(peerCert).serialNumber).toBe(serial);
    expect((await run(['start'])).code).toBe(0);
    const after = parseStatus((await run(['status'])).stdout);
    for (const node of caNodes()) {
      expect(after.get(node)?.state).toBe('running');
    }
    await expect(getCaInfo(7254 + portOffset, caRoot('banka', 'ca'))).resolves.toBe(200);
  }, 120_000);

  test('down leaves no process and no state behind', async () => {
    const before = parseStatus((await run(['status'])).stdout);
    expect((await run(['down'])).code).toBe(0);
    for (const node of caNodes()) {
      expect(processAlive(Number(before.get(node)?.pid))).toBe(false);
    }
    expect(existsSync(state)).toBe(false);
  }, 120_000);
});

describe('the Fabric binary installer', () => {
  test('refuses a FABRIC_BIN without the Fabric commands, naming what is missing', async () => {
    const result = await new Promise<RunResult>((done) => {
      execFile(
        join(repoRoot, 'scripts', 'install-fabric.sh'),
        ['fabric'],
        { env: { ...process.env, FABRIC_BIN: join(tmpdir(), 'no-fabric-here') } },
        (error, stdout, stderr) => {
          done({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
        },
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lacks one of: peer orderer osnadmin configtxgen');
  });
});
