import { readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { adminOf, peerCli, plaintextPeerCli, topology, tlsRoot } from './support/fabric';
import { networkOk, parseHeights, parseStatus } from './support/network';

/**
 * The shared network's Fabric nodes: every orderer and peer runs on 127.0.0.1 and speaks only
 * mutual TLS, the channel is joined by every peer, and the chaincode is instantiated.
 */

interface Endpoint {
  readonly name: string;
  readonly port: number;
  readonly org: string;
}

function endpoints(): Endpoint[] {
  const { orderers, peers } = topology();
  return [
    ...orderers.map((orderer) => ({ name: orderer.name, port: orderer.port, org: 'orderer' })),
    ...peers.map((peer) => ({ name: peer.node, port: peer.port, org: peer.org })),
  ];
}

/** What a TLS handshake ended with: 'connected' after the server accepted, else the error code. */
function tlsOutcome(endpoint: Endpoint, withClientCert: boolean): Promise<string> {
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

describe('the Fabric nodes of the shared network', () => {
  test('three orderers and four peers run, each bound to 127.0.0.1 on its port', async () => {
    const status = parseStatus(await networkOk(['status']));
    for (const endpoint of endpoints()) {
      expect(status.get(endpoint.name)).toMatchObject({
        address: `127.0.0.1:${endpoint.port}`,
        state: 'running',
      });
    }
    expect(endpoints()).toHaveLength(7);
  });

  test('every node completes a mutual-TLS handshake with a client certificate of a member org', async () => {
    for (const endpoint of endpoints()) {
      await expect(tlsOutcome(endpoint, true)).resolves.toBe('connected');
    }
  });

  test('every node refuses a TLS client that presents no certificate', async () => {
    for (const endpoint of endpoints()) {
      const outcome = await tlsOutcome(endpoint, false);
      expect(outcome).not.toBe('connected');
      expect(outcome).toMatch(/CERTIFICATE|HANDSHAKE|ECONNRESET/);
    }
  });

  test('every node refuses a plaintext gRPC client: no HTTP/2 frame comes back', async () => {
    for (const endpoint of endpoints()) {
      const reply = await plaintextReply(endpoint.port);
      // A TLS alert record starts with 0x15; an HTTP/2 SETTINGS frame would have type 0x04 at byte 3.
      expect(reply.length === 0 || reply[0] === 0x15 || reply.toString('latin1').startsWith('HTTP/1')).toBe(
        true,
      );
    }
  });

  test('the peer CLI is answered with TLS and refused without it', async () => {
    const admin = adminOf('enterprise');
    expect((await peerCli(admin, ['channel', 'list'])).code).toBe(0);
    const plaintext = await plaintextPeerCli(admin, ['channel', 'list', '--connTimeout', '3s']);
    expect(plaintext.code).not.toBe(0);
    expect(plaintext.stderr).toMatch(/error|failed/i);
  });

  test('every peer has joined the channel and reports a height', async () => {
    const { channel, peers } = topology();
    for (const peer of peers) {
      const listed = await peerCli(adminOf(peer.org), ['channel', 'list'], peer.org);
      expect(listed.stdout.split('\n')).toContain(channel);
    }
    const heights = parseHeights(await networkOk(['status']));
    expect([...heights.keys()].sort()).toEqual(peers.map((peer) => peer.node).sort());
    for (const height of heights.values()) expect(height).toBeGreaterThan(1);
  });

  test('the receivables chaincode is instantiated on the channel', async () => {
    const { channel, chaincode } = topology();
    const result = await peerCli(
      adminOf('banka'),
      ['chaincode', 'list', '--instantiated', '-C', channel],
      'banka',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Name: ${chaincode}, Version: \\d+,`));
  });
});
