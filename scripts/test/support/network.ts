import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * The shared test network: started once per test run by `global-setup.ts` with
 * `./test-network.sh up`, in a throwaway state folder and on shifted ports so it never touches a
 * developer's own network. Tests reach it through the values below.
 */

export const repoRoot = resolve(__dirname, '../../..');
export const script = join(repoRoot, 'test-network.sh');
export const portOffset = Number(process.env.SCF_PORT_OFFSET ?? '500');

/** The state folder of the shared network (set by the global setup). */
export function stateDir(): string {
  const state = process.env.SCF_STATE;
  if (state === undefined || state === '') {
    throw new Error('SCF_STATE is not set: these tests run under the integration project global setup');
  }
  return state;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file` with `args` and the shared network's environment; never rejects. */
export function runFile(
  file: string,
  args: readonly string[],
  options: Readonly<{ env?: Readonly<Record<string, string>>; timeoutMs?: number }> = {},
): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      file,
      [...args],
      {
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** `./test-network.sh ARGS` against the shared network. */
export function network(args: readonly string[], timeoutMs = 600_000): Promise<RunResult> {
  return runFile(script, args, { timeoutMs });
}

/** Like {@link network}, but throws with the script's output when it fails. */
export async function networkOk(args: readonly string[], timeoutMs = 600_000): Promise<string> {
  const result = await network(args, timeoutMs);
  if (result.code !== 0) {
    throw new Error(`./test-network.sh ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  }
  return result.stdout;
}

export interface NodeRow {
  readonly pid: string;
  readonly address: string;
  readonly state: string;
}

/** The node table of `status`: node name → pid, address, state. */
export function parseStatus(stdout: string): Map<string, NodeRow> {
  const rows = new Map<string, NodeRow>();
  for (const line of stdout.split('\n\n')[0]?.trim().split('\n').slice(1) ?? []) {
    const [node, pid, address, nodeState] = line.trim().split(/\s+/);
    if (node !== undefined && pid !== undefined && address !== undefined && nodeState !== undefined) {
      rows.set(node, { pid, address, state: nodeState });
    }
  }
  return rows;
}

/** The heights table of `status`: peer node → block height on the channel. */
export function parseHeights(stdout: string): Map<string, number> {
  const heights = new Map<string, number>();
  for (const match of stdout.matchAll(/^(peer\.\w+)\s+(\d+)$/gm)) {
    heights.set(match[1] ?? '', Number(match[2]));
  }
  return heights;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `pid` is gone (a killed process lingers until it is reaped). */
export async function processExit(pid: number): Promise<void> {
  while (processAlive(pid)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
