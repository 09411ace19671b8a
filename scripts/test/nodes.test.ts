import { adminOf, fabricEndpoints, peerCli, topology } from './support/fabric';
import { networkOk, parseHeights, parseStatus } from './support/network';

/**
 * The shared network's Fabric nodes: every orderer and peer runs on 127.0.0.1, the channel is
 * joined by every peer, and the chaincode is instantiated. (That they speak only mutual TLS is
 * reliability case 8, gateway-api/integration/reliability/secrets-transport.test.ts.)
 */

describe('the Fabric nodes of the shared network', () => {
  test('every orderer and peer of the topology runs, each bound to 127.0.0.1 on its port', async () => {
    const status = parseStatus(await networkOk(['status']));
    for (const endpoint of fabricEndpoints()) {
      expect(status.get(endpoint.name)).toMatchObject({
        address: `127.0.0.1:${endpoint.port}`,
        state: 'running',
      });
    }
    // The status lists no other orderer or peer: the topology's rows are the whole network.
    const running = [...status.keys()].filter((name) => /^(orderer\d|peer\.)/.test(name));
    expect(running.sort()).toEqual(
      fabricEndpoints()
        .map((endpoint) => endpoint.name)
        .sort(),
    );
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
