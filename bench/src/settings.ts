import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the repository is (bench/dist/… or bench/src/… → the root). */
export const repoRoot = resolve(__dirname, '..', '..');
export const benchDir = join(repoRoot, 'bench');

interface OrgRow {
  readonly key: string;
  readonly mspId: string;
  readonly kind: string;
  readonly dir: string;
  readonly caPort: number;
  readonly admin: string;
}
interface PeerRow {
  readonly org: string;
  readonly host: string;
  readonly port: number;
}
interface OrdererRow {
  readonly name: string;
  readonly port: number;
}
/** `$SCF_STATE/network/topology.json`, as `./test-network.sh up` writes it. */
export interface Topology {
  readonly channel: string;
  readonly chaincode: string;
  readonly networkId: string;
  readonly gatewayPort: number;
  readonly orgs: readonly OrgRow[];
  readonly peers: readonly PeerRow[];
  readonly orderers: readonly OrdererRow[];
}

export const PHASES = ['legs', 'growth', 'listpage', 'backpressure'] as const;
export type Phase = (typeof PHASES)[number];

function phaseList(text: string | undefined): ReadonlySet<Phase> {
  if (text === undefined) return new Set(PHASES);
  return new Set(
    text.split(',').map((part) => {
      const phase = PHASES.find((candidate) => candidate === part);
      if (phase === undefined) throw new Error(`not a phase: ${part} (${PHASES.join(', ')})`);
      return phase;
    }),
  );
}

/** Counts and levels of one run. */
export interface Settings {
  readonly quick: boolean;
  readonly state: string;
  readonly topology: Topology;
  readonly fabricBin: string;
  readonly gatewayUrl: string;
  /** The pid of the gateway process the REST leg talks to (for its CPU), when known. */
  readonly gatewayPid: number | undefined;
  readonly adminPassword: string;
  readonly dockerHost: string | undefined;
  /** Writes per operation per leg. */
  readonly writes: number;
  /** Reads per read operation per leg. */
  readonly reads: number;
  /** Workers of the closed-loop runs. */
  readonly concurrency: number;
  /** Offered rates (per second) of the open-loop REST runs: writes and reads. */
  readonly writeRates: readonly number[];
  readonly readRates: readonly number[];
  /** How long each open-loop level lasts (s). */
  readonly openSeconds: number;
  /** Growth: the ledger sizes (receivables of one holder) read by id and listed at. */
  readonly growthSizes: readonly number[];
  /** Growth: the lineage depths provenance is read at. */
  readonly provenanceDepths: readonly number[];
  /** List pages: the receivables of one holder a page of 100 is listed at. */
  readonly listSize: number;
  /** How long the back-pressure run offers twice the peak rate (s). */
  readonly backPressureSeconds: number;
  /** A request's deadline: the gateway's (SCF_REQUEST_TIMEOUT_MS, default 30 s). */
  readonly deadlineMs: number;
  /** Minutes of the gateway memory soak (0: none). */
  readonly soakMinutes: number;
  /** Which parts run (tuning runs pick some): side-by-side legs, growth, back-pressure. */
  readonly phases: ReadonlySet<Phase>;
  /** Leave a network this run started up at its end. */
  readonly keepNetwork: boolean;
  /** Where the results go. */
  readonly markdownPath: string;
  readonly jsonPath: string;
}

export function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function numberList(text: string | undefined, fallback: readonly number[]): readonly number[] {
  if (text === undefined) return fallback;
  return text.split(',').map((part) => {
    const value = Number(part);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`not a positive number: ${part}`);
    return value;
  });
}

function positive(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`not a positive integer: ${text}`);
  return value;
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export const USAGE = `npm run bench [-- options]
  --quick                 small counts (CI smoke run, < 3 min); results to bench/dist/quick/
  --writes N              writes per operation per leg (default 200; quick 12)
  --reads N               reads per read operation per leg (default 400; quick 30)
  --concurrency N         closed-loop workers (default 32; quick 8)
  --write-rates a,b       open-loop offered write rates, tx/s (default 10,25,50; quick 10)
  --read-rates a,b        open-loop offered read rates, req/s (default 50,150; quick 40)
  --open-seconds N        duration of each open-loop level (default 10; quick 3)
  --growth-sizes a,b      growth: receivables to read by id / list at (default 1000,10000; quick 1000; 100000 takes ~3000 transactions more)
  --depths a,b            growth: provenance lineage depths (default 1,8,32; quick 1,8)
  --list-size N           list pages: receivables of one holder a page of 100 is read at (default 10000; quick 1000)
  --backpressure-seconds N  back-pressure run at 2x the peak rate (default 30; quick 10)
  --deadline-ms N         a request's deadline for the back-pressure check (default 30000, the gateway's)
  --soak                  add the 10-minute gateway memory soak (--soak-minutes N for another length)
  --phases a,b            only these of legs, growth, listpage, backpressure (default all; for tuning runs)
  --keep-network          leave a network this run had to start up at its end
  --gateway URL           REST gateway (default http://127.0.0.1:<network's gateway port>)
  --gateway-pid PID       its pid, for CPU accounting (default $SCF_STATE/pids/gateway.pid)
Without a network answering at SCF_STATE, the run starts one (./test-network.sh up) and ends it.
environment: SCF_STATE (the network's state folder, default ./.scf), DOCKER_HOST (the network's
engine), SCF_PORT_OFFSET (for a network the run starts), SCF_ADMIN_PASSWORD (gateway admin logins,
default adminpw), FABRIC_BIN.`;

/** The network's own engine (`up` started a dockerd of its own in the state folder), if any. */
function ownEngine(state: string): string | undefined {
  const socket = join(state, 'engine', 'docker.sock');
  return existsSync(socket) ? `unix://${socket}` : undefined;
}

/** The settings from the command line and environment. */
export function loadSettings(args: readonly string[], state: string): Settings {
  // `npm run bench --quick` (no `--`) reaches us as npm_config_quick.
  const quick = args.includes('--quick') || process.env.npm_config_quick === 'true';
  const topology = JSON.parse(readFileSync(join(state, 'network', 'topology.json'), 'utf8')) as Topology;
  const gatewayUrl = option(args, 'gateway') ?? `http://127.0.0.1:${topology.gatewayPort}`;
  const pidOption = option(args, 'gateway-pid');
  const outDir = quick ? join(benchDir, 'dist', 'quick') : undefined;
  return {
    quick,
    state,
    topology,
    fabricBin: process.env.FABRIC_BIN ?? join(repoRoot, 'network', 'bin'),
    gatewayUrl,
    gatewayPid:
      pidOption === undefined ? readPid(join(state, 'pids', 'gateway.pid')) : positive(pidOption, 1),
    adminPassword: process.env.SCF_ADMIN_PASSWORD ?? 'adminpw',
    dockerHost: process.env.DOCKER_HOST ?? ownEngine(state),
    writes: positive(option(args, 'writes'), quick ? 12 : 200),
    reads: positive(option(args, 'reads'), quick ? 30 : 400),
    concurrency: positive(option(args, 'concurrency'), quick ? 8 : 32),
    writeRates: numberList(option(args, 'write-rates'), quick ? [10] : [10, 25, 50]),
    readRates: numberList(option(args, 'read-rates'), quick ? [40] : [50, 150]),
    openSeconds: positive(option(args, 'open-seconds'), quick ? 3 : 10),
    growthSizes: numberList(option(args, 'growth-sizes'), quick ? [1000] : [1000, 10_000]),
    provenanceDepths: numberList(option(args, 'depths'), quick ? [1, 8] : [1, 8, 32]),
    listSize: positive(option(args, 'list-size'), quick ? 1000 : 10_000),
    backPressureSeconds: positive(option(args, 'backpressure-seconds'), quick ? 10 : 30),
    deadlineMs: positive(option(args, 'deadline-ms'), 30_000),
    soakMinutes:
      option(args, 'soak-minutes') !== undefined
        ? positive(option(args, 'soak-minutes'), 10)
        : args.includes('--soak')
          ? 10
          : 0,
    phases: phaseList(option(args, 'phases')),
    keepNetwork: args.includes('--keep-network'),
    markdownPath: outDir === undefined ? join(repoRoot, 'BENCHMARKS.md') : join(outDir, 'BENCHMARKS.md'),
    jsonPath: outDir === undefined ? join(benchDir, 'results.json') : join(outDir, 'results.json'),
  };
}

export function orgRow(settings: Settings, key: string): OrgRow {
  const row = settings.topology.orgs.find((candidate) => candidate.key === key);
  if (row === undefined) throw new Error(`no org ${key} in the topology`);
  return row;
}

export function peerRow(settings: Settings, org: string): PeerRow {
  const row = settings.topology.peers.find((candidate) => candidate.org === org);
  if (row === undefined) throw new Error(`no peer of ${org} in the topology`);
  return row;
}

export function peerOrgs(settings: Settings): string[] {
  return settings.topology.peers.map((peer) => peer.org);
}

export function tlsRoot(settings: Settings, org: string): string {
  return join(orgRow(settings, org).dir, 'msp', 'tlscacerts', 'ca.pem');
}
