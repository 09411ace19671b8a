import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topology } from './support/fabric';
import { networkOk, parseStatus, repoRoot, runFile, stateDir } from './support/network';

/**
 * The shared network's certificate authorities and the identities they issued: TLS only, one CA
 * and one TLS CA per organization, every MSP and TLS key pair from its own org's CAs.
 */

function caRoot(org: string, which: 'ca' | 'tlsca'): string {
  return join(stateDir(), 'network', 'cas', org, which, 'ca-cert.pem');
}

function cert(path: string): X509Certificate {
  return new X509Certificate(readFileSync(path));
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

describe('the certificate authorities of the shared network', () => {
  test('run one enrollment CA and one TLS CA per organization, each bound to 127.0.0.1', async () => {
    const status = parseStatus(await networkOk(['status']));
    for (const org of topology().orgs) {
      expect(status.get(`ca.${org.key}`)).toMatchObject({
        address: `127.0.0.1:${org.caPort}`,
        state: 'running',
      });
      expect(status.get(`tlsca.${org.key}`)).toMatchObject({
        address: `127.0.0.1:${org.caPort + 1}`,
        state: 'running',
      });
    }
  });

  test('serve only TLS: cainfo answers over TLS and a plaintext request is refused', async () => {
    for (const org of topology().orgs) {
      await expect(getCaInfo(org.caPort, caRoot(org.key, 'ca'))).resolves.toBe(200);
      await expect(getCaInfo(org.caPort + 1, caRoot(org.key, 'tlsca'))).resolves.toBe(200);
      expect(await getPlaintext(org.caPort)).not.toBe(200);
    }
  });

  test('issue every peer, orderer and admin identity from its own organization CA with its NodeOU', () => {
    const { orgs, orderers, peers } = topology();
    for (const org of orgs) {
      const root = cert(caRoot(org.key, 'ca'));
      const nodes = [
        ...orderers
          .filter(() => org.kind === 'orderer')
          .map((orderer) => ({ dir: orderer.dir, ou: 'orderer' })),
        ...peers.filter((peer) => peer.org === org.key).map((peer) => ({ dir: peer.dir, ou: 'peer' })),
        { dir: org.admin, ou: 'admin' },
      ];
      expect(nodes.length).toBeGreaterThan(1);
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
    const peer = topology().peers.find((candidate) => candidate.org === 'enterprise');
    const tlsRoot = cert(caRoot('enterprise', 'tlsca'));
    const peerTls = cert(join(peer?.dir ?? '', 'tls', 'cert.pem'));
    expect(peerTls.verify(tlsRoot.publicKey)).toBe(true);
    expect(peerTls.subjectAltName).toContain(`DNS:${peer?.host ?? '?'}`);
    expect(peerTls.subjectAltName).toContain('IP Address:127.0.0.1');
  });

  test('write a network profile for the gateway naming every peer org, its peer and its CA', () => {
    const profile: unknown = JSON.parse(readFileSync(join(stateDir(), 'network', 'profile.json'), 'utf8'));
    const port = (org: string): number | undefined => topology().peers.find((peer) => peer.org === org)?.port;
    expect(profile).toMatchObject({
      channel: 'scf',
      chaincode: 'receivables',
      orgs: {
        enterprise: {
          mspId: 'EnterpriseMSP',
          ca: { caName: 'ca-enterprise' },
          peer: { endpoint: `127.0.0.1:${port('enterprise')}` },
        },
        banka: { mspId: 'BankAMSP', peer: { endpoint: `127.0.0.1:${port('banka')}` } },
        bankb: { mspId: 'BankBMSP' },
        auditor: { mspId: 'AuditorMSP' },
      },
    });
  });
});

describe('the Fabric binary installer', () => {
  test('refuses a FABRIC_BIN without the Fabric 1.4.12 commands, naming what is missing', async () => {
    const result = await runFile(join(repoRoot, 'scripts', 'install-fabric.sh'), ['fabric'], {
      env: { FABRIC_BIN: join(tmpdir(), 'no-fabric-here') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lacks one of: peer orderer configtxgen configtxlator');
  });
});
