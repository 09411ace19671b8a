import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminToken, post, readEvents } from '../../gateway-api/integration/support/rest';
import {
  type CliUser,
  adminOf,
  enrollUser,
  invokePlanned,
  peerCli,
  query,
  raftLeaderElected,
  topology,
} from './support/fabric';
import {
  networkOk,
  parseHeights,
  parseStatus,
  processAlive,
  processExit,
  repoRoot,
  stateDir,
} from './support/network';

/**
 * The network's lifecycle, on the shared network: stop/start keeps the ledgers, Raft survives a
 * lost orderer, `deploy` upgrades the chaincode in place, and `down` leaves nothing behind. It
 * ends the shared network, so the test sequencer runs this file last.
 */

const run = Date.now().toString(36);
const id = (name: string): string => `${name}${run}`;
let admin: CliUser;
let granted = 0;

/** A new participant registration: one VALID transaction on the channel. */
async function commitOne(): Promise<void> {
  granted += 1;
  const outcome = await invokePlanned(admin, 'RegisterParticipant', [
    id(`P${granted}`),
    'Lifecycle',
    'ENTERPRISE',
  ]);
  expect({ status: outcome.status, output: outcome.status === 'VALID' ? '' : outcome.output }).toEqual({
    status: 'VALID',
    output: '',
  });
}

async function heights(): Promise<Map<string, number>> {
  return parseHeights(await networkOk(['status']));
}

async function waitForHeights(expected: number): Promise<void> {
  for (;;) {
    const values = [...(await heights()).values()];
    if (values.length === topology().peers.length && values.every((height) => height >= expected)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Every container the engine knows: from a running external engine, or, when the network ran its
 * own (now stopped) engine, from the container records in its data root.
 */
function containerNames(): string[] {
  if (process.env.DOCKER_HOST !== undefined) {
    return execFileSync('docker', ['ps', '-a', '--format', '{{.Names}}']).toString().split('\n');
  }
  const root = join(process.env.SCF_CACHE ?? join(repoRoot, '.cache'), 'docker', 'containers');
  if (!existsSync(root)) return [];
  return readdirSync(root).map((container) => {
    const config = JSON.parse(readFileSync(join(root, container, 'config.v2.json'), 'utf8')) as {
      Name?: string;
    };
    return (config.Name ?? '').replace(/^\//, '');
  });
}

function chaincodeVersion(stdout: string): number {
  return Number(/Version: (\d+),/.exec(stdout)?.[1]);
}

beforeAll(async () => {
  admin = await enrollUser('enterprise', id('lcadm'), { role: 'admin' });
  await commitOne();
}, 300_000);

describe('the network lifecycle', () => {
  test('a second up is harmless: the same processes, certificates and chaincode version', async () => {
    const peerCert = join(topology().peers[0]?.dir ?? '', 'msp', 'signcerts', 'cert.pem');
    const serial = new X509Certificate(readFileSync(peerCert)).serialNumber;
    const before = parseStatus(await networkOk(['status']));
    const { channel } = topology();
    const version = chaincodeVersion(
      (await peerCli(adminOf('banka'), ['chaincode', 'list', '--instantiated', '-C', channel])).stdout,
    );

    await networkOk(['up']);

    const after = parseStatus(await networkOk(['status']));
    for (const [name, row] of before)
      expect({ name, pid: after.get(name)?.pid }).toEqual({ name, pid: row.pid });
    expect(new X509Certificate(readFileSync(peerCert)).serialNumber).toBe(serial);
    const listed = await peerCli(adminOf('banka'), ['chaincode', 'list', '--instantiated', '-C', channel]);
    expect(chaincodeVersion(listed.stdout)).toBe(version);
  }, 600_000);

  test('stop ends every node and keeps the ledgers; start brings back the same heights and new transactions commit', async () => {
    const before = await heights();
    const nodes = parseStatus(await networkOk(['status']));
    await networkOk(['stop']);
    for (const [name, row] of nodes) {
      if (row.pid !== '-')
        expect({ name, alive: processAlive(Number(row.pid)) }).toEqual({ name, alive: false });
    }
    await networkOk(['start']);
    expect(await heights()).toEqual(before);
    await commitOne();
    const maxBefore = Math.max(...before.values());
    await waitForHeights(maxBefore + 1);
  }, 600_000);

  test('the event feed resumes after a gateway restart with Last-Event-ID: nothing lost, nothing repeated', async () => {
    const token = await adminToken('enterprise');
    const first = id('EVA');
    expect(
      (await post(token, '/participants', { id: first, name: 'Before restart', kind: 'ENTERPRISE' })).status,
    ).toBe(201);
    const seen = await readEvents(token, undefined, (events) =>
      events.some((event) => event.data.includes(first)),
    );
    const resumeAfter = seen.find((event) => event.data.includes(first))?.id ?? 0;

    const gateway = Number(parseStatus(await networkOk(['status'])).get('gateway')?.pid);
    process.kill(gateway, 'SIGTERM');
    await processExit(gateway);
    await networkOk(['start']);
    const second = id('EVB');
    const after = await adminToken('enterprise');
    expect(
      (await post(after, '/participants', { id: second, name: 'After restart', kind: 'ENTERPRISE' })).status,
    ).toBe(201);

    const resumed = await readEvents(after, resumeAfter, (events) =>
      events.some((event) => event.data.includes(second)),
    );
    const ids = resumed.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThan(resumeAfter);
    expect(resumed.some((event) => event.data.includes(first))).toBe(false);
    expect(resumed.filter((event) => event.data.includes(second)).map((event) => event.event)).toEqual([
      'ParticipantRegistered',
    ]);
  }, 600_000);

  test('with one orderer killed the channel still commits (Raft, 2 of 3), and start brings it back', async () => {
    const [, second] = topology().orderers;
    const pid = Number(parseStatus(await networkOk(['status'])).get(second?.name ?? '')?.pid);
    process.kill(pid, 'SIGKILL');
    await processExit(pid);
    expect(parseStatus(await networkOk(['status'])).get(second?.name ?? '')?.state).toBe('stopped');
    await raftLeaderElected(topology().orderers.filter((orderer) => orderer.name !== second?.name));
    await commitOne();
    await commitOne();
    await networkOk(['start']);
    expect(parseStatus(await networkOk(['status'])).get(second?.name ?? '')?.state).toBe('running');
    await commitOne();
  }, 600_000);

  test('deploy upgrades the chaincode to its next version and the state survives', async () => {
    const { channel } = topology();
    const listed = await peerCli(adminOf('enterprise'), [
      'chaincode',
      'list',
      '--instantiated',
      '-C',
      channel,
    ]);
    const version = chaincodeVersion(listed.stdout);
    const participant = await query(admin, 'GetParticipant', [id('P1')]);

    await networkOk(['deploy']);

    const after = await peerCli(adminOf('enterprise'), [
      'chaincode',
      'list',
      '--instantiated',
      '-C',
      channel,
    ]);
    expect(chaincodeVersion(after.stdout)).toBe(version + 1);
    expect(await query(admin, 'GetParticipant', [id('P1')])).toEqual(participant);
    await commitOne();
    const containers = (await networkOk(['status'])).split('CHAINCODE CONTAINERS')[1] ?? '';
    expect(containers).toContain(`-${version + 1} `);
    expect(containers).not.toMatch(new RegExp(`-${version} `));
  }, 600_000);

  test('down leaves no process, no chaincode container and no state', async () => {
    const nodes = parseStatus(await networkOk(['status']));
    const { networkId } = topology();
    await networkOk(['down']);
    for (const [name, row] of nodes) {
      if (row.pid !== '-')
        expect({ name, alive: processAlive(Number(row.pid)) }).toEqual({ name, alive: false });
    }
    expect(existsSync(stateDir())).toBe(false);
    expect(containerNames().filter((name) => name.startsWith(`${networkId}-`))).toEqual([]);
  }, 300_000);
});
