import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './settings';

/** The network a run measures: whether this run started it (and so ends it). */
export interface NetworkLease {
  readonly state: string;
  readonly startedHere: boolean;
}

/** The network's state folder: $SCF_STATE, or ./.scf as ./test-network.sh uses. */
export function stateDir(): string {
  return resolve(process.env.SCF_STATE ?? join(repoRoot, '.scf'));
}

async function gatewayAnswers(state: string, gatewayUrl: string | undefined): Promise<boolean> {
  const topologyFile = join(state, 'network', 'topology.json');
  if (!existsSync(topologyFile)) return false;
  const { gatewayPort } = JSON.parse(readFileSync(topologyFile, 'utf8')) as { gatewayPort: number };
  try {
    const answer = await fetch(`${gatewayUrl ?? `http://127.0.0.1:${gatewayPort}`}/healthz`, {
      signal: AbortSignal.timeout(5_000),
    });
    return answer.ok;
  } catch {
    return false;
  }
}

/** `./test-network.sh <command>` of this checkout, its output on our stderr; rejects when it fails. */
function testNetwork(command: 'up' | 'down'): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(join(repoRoot, 'test-network.sh'), [command], {
      cwd: repoRoot,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code === 0) done();
      else fail(new Error(`./test-network.sh ${command} exited with ${String(code)}`));
    });
  });
}

/**
 * The network at $SCF_STATE when its gateway answers; otherwise starts one with
 * `./test-network.sh up` (the same SCF_STATE, SCF_PORT_OFFSET and DOCKER_HOST) and says so.
 */
export async function acquireNetwork(
  gatewayUrl: string | undefined,
  log: (line: string) => void,
): Promise<NetworkLease> {
  const state = stateDir();
  if (await gatewayAnswers(state, gatewayUrl)) return { state, startedHere: false };
  if (gatewayUrl !== undefined) throw new Error(`no gateway answers at ${gatewayUrl}`);
  log(`no network answers at ${state}: starting one (./test-network.sh up); this run ends it`);
  const started = Date.now();
  await testNetwork('up');
  log(`network up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { state, startedHere: true };
}

/** Ends the network only if this run started it (and `keep` is not asked for). */
export async function releaseNetwork(
  lease: NetworkLease,
  keep: boolean,
  log: (line: string) => void,
): Promise<void> {
  if (!lease.startedHere) return;
  if (keep) {
    log(`leaving the network this run started at ${lease.state} up (--keep-network)`);
    return;
  }
  log(`ending the network this run started (./test-network.sh down)`);
  await testNetwork('down');
}
