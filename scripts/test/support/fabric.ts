import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { type RunResult, repoRoot, runFile, stateDir } from './network';

/**
 * The shared network as the `peer` CLI sees it: topology (from the `topology.json` that `up`
 * writes), users enrolled at the project's Fabric CAs with `scf.*` attributes, and chaincode calls
 * through the real `peer` binary.
 */

interface OrgRow {
  readonly key: string;
  readonly mspId: string;
  readonly kind: string;
  readonly domain: string;
  readonly dir: string;
  readonly caPort: number;
  readonly admin: string;
}
interface OrdererRow {
  readonly name: string;
  readonly port: number;
  readonly operationsPort: number;
  readonly dir: string;
}
interface PeerRow {
  readonly org: string;
  readonly node: string;
  readonly host: string;
  readonly port: number;
  readonly operationsPort: number;
  readonly dir: string;
}
export interface Topology {
  readonly channel: string;
  readonly chaincode: string;
  readonly networkId: string;
  readonly gatewayPort: number;
  readonly orgs: readonly OrgRow[];
  readonly orderers: readonly OrdererRow[];
  readonly peers: readonly PeerRow[];
}

/** The topology the shared network was brought up with (written by `up`; trusted test input). */
export function topology(): Topology {
  return JSON.parse(readFileSync(join(stateDir(), 'network', 'topology.json'), 'utf8')) as Topology;
}

/** A Fabric node's gRPC endpoint: an orderer (org `orderer`) or a peer. */
export interface FabricEndpoint {
  readonly name: string;
  readonly port: number;
  readonly org: string;
}

/** Every orderer and peer of the topology. */
export function fabricEndpoints(): FabricEndpoint[] {
  const { orderers, peers } = topology();
  return [
    ...orderers.map((orderer) => ({ name: orderer.name, port: orderer.port, org: 'orderer' })),
    ...peers.map((peer) => ({ name: peer.node, port: peer.port, org: peer.org })),
  ];
}

export const fabricBin = process.env.FABRIC_BIN ?? join(repoRoot, 'network', 'bin');

export function org(key: string): OrgRow {
  const row = topology().orgs.find((candidate) => candidate.key === key);
  if (row === undefined) throw new Error(`no org ${key} in the topology`);
  return row;
}

export function peerOf(orgKey: string): PeerRow {
  const row = topology().peers.find((candidate) => candidate.org === orgKey);
  if (row === undefined) throw new Error(`no peer of ${orgKey} in the topology`);
  return row;
}

export function tlsRoot(orgKey: string): string {
  return join(org(orgKey).dir, 'msp', 'tlscacerts', 'ca.pem');
}

/** A signing identity for the `peer` CLI: an MSP folder plus the org admin's TLS client pair. */
export interface CliUser {
  readonly org: string;
  readonly name: string;
  readonly mspDir: string;
  readonly tlsDir: string;
}

/** The org's admin, as `up` enrolled it. */
export function adminOf(orgKey: string): CliUser {
  const admin = org(orgKey).admin;
  return { org: orgKey, name: 'Admin', mspDir: join(admin, 'msp'), tlsDir: join(admin, 'tls') };
}

async function caClient(orgKey: string, args: readonly string[]): Promise<string> {
  const caHome = join(stateDir(), 'network', 'cas', orgKey, 'ca');
  const result = await runFile(
    join(fabricBin, 'fabric-ca-client'),
    [...args, '--caname', `ca-${orgKey}`, '--tls.certfiles', join(caHome, 'ca-cert.pem')],
    { env: { FABRIC_CA_CLIENT_HOME: join(caHome, 'registrar') } },
  );
  if (result.code !== 0) throw new Error(`fabric-ca-client ${args[0] ?? ''} failed:\n${result.stderr}`);
  return result.stdout;
}

/**
 * Registers `name` at its org's CA with the `scf.role` / `scf.participant` attributes in its
 * enrollment certificate, enrolls it, and lays out an MSP folder the `peer` CLI accepts (NodeOUs).
 */
export async function enrollUser(
  orgKey: string,
  name: string,
  attributes: Readonly<{ role: string; participant?: string }>,
): Promise<CliUser> {
  const home = join(stateDir(), 'test-users', `${name}@${orgKey}`);
  const secret = randomBytes(18).toString('base64url');
  const attrs = [`scf.role=${attributes.role}:ecert`];
  if (attributes.participant !== undefined) attrs.push(`scf.participant=${attributes.participant}:ecert`);
  const { caPort } = org(orgKey);
  await caClient(orgKey, [
    'register',
    '--id.name',
    name,
    '--id.secret',
    secret,
    '--id.type',
    'client',
    '--id.attrs',
    attrs.join(','),
  ]);
  const mspDir = join(home, 'msp');
  await caClient(orgKey, ['enroll', '-u', `https://${name}:${secret}@127.0.0.1:${caPort}`, '-M', mspDir]);
  for (const file of readdirSync(join(mspDir, 'cacerts'))) {
    renameSync(join(mspDir, 'cacerts', file), join(mspDir, 'cacerts', 'ca.pem'));
  }
  copyFileSync(join(org(orgKey).dir, 'msp', 'config.yaml'), join(mspDir, 'config.yaml'));
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'attributes.json'), JSON.stringify(attributes));
  return { org: orgKey, name, mspDir, tlsDir: adminOf(orgKey).tlsDir };
}

function cliEnv(user: CliUser, target: string): Record<string, string> {
  const peer = peerOf(target);
  return {
    FABRIC_CFG_PATH: join(stateDir(), 'network', 'config'),
    FABRIC_LOGGING_SPEC: 'info',
    CORE_PEER_LOCALMSPID: org(user.org).mspId,
    CORE_PEER_ADDRESS: `127.0.0.1:${peer.port}`,
    CORE_PEER_MSPCONFIGPATH: user.mspDir,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: tlsRoot(target),
    CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'true',
    CORE_PEER_TLS_CLIENTCERT_FILE: join(user.tlsDir, 'cert.pem'),
    CORE_PEER_TLS_CLIENTKEY_FILE: join(user.tlsDir, 'key.pem'),
  };
}

function ordererArgs(user: CliUser): string[] {
  const [first] = topology().orderers;
  if (first === undefined) throw new Error('no orderer in the topology');
  return [
    '-o',
    `127.0.0.1:${first.port}`,
    '--tls',
    '--cafile',
    tlsRoot('orderer'),
    '--clientauth',
    '--certfile',
    join(user.tlsDir, 'cert.pem'),
    '--keyfile',
    join(user.tlsDir, 'key.pem'),
  ];
}

/** Runs the `peer` CLI as `user` against the peer of `target` (the user's own org by default). */
export function peerCli(user: CliUser, args: readonly string[], target = user.org): Promise<RunResult> {
  return runFile(join(fabricBin, 'peer'), args, { env: cliEnv(user, target), timeoutMs: 120_000 });
}

/** The `peer` CLI as `user` with TLS turned off: a plaintext client. */
export function plaintextPeerCli(user: CliUser, args: readonly string[]): Promise<RunResult> {
  const env = { ...cliEnv(user, user.org), CORE_PEER_TLS_ENABLED: 'false' };
  return runFile(join(fabricBin, 'peer'), args, { env, timeoutMs: 60_000 });
}

function ctor(fn: string, args: readonly string[]): string {
  return JSON.stringify({ Args: [fn, ...args] });
}

/** A chaincode query on the peer of `target` (the user's own org by default); its JSON result. */
export async function query(
  user: CliUser,
  fn: string,
  args: readonly string[] = [],
  target = user.org,
): Promise<unknown> {
  const { channel, chaincode } = topology();
  const result = await peerCli(
    user,
    ['chaincode', 'query', '-C', channel, '-n', chaincode, '-c', ctor(fn, args)],
    target,
  );
  if (result.code !== 0) throw new Error(`query ${fn} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

/** What became of an invoke: the transaction id and its validation code at commit. */
export interface InvokeOutcome {
  readonly code: number;
  readonly txId: string | undefined;
  readonly status: string | undefined;
  /** The CLI's whole output, for failure messages. */
  readonly output: string;
}

/**
 * `peer chaincode invoke --waitForEvent`, endorsed by the peers of `endorsers` (the user's own
 * org when not given). The CLI exits 0 even for a transaction committed invalid, so the outcome
 * is read from its "committed with status (…)" line.
 */
export async function invoke(
  user: CliUser,
  fn: string,
  args: readonly string[],
  endorsers: readonly string[] = [user.org],
): Promise<InvokeOutcome> {
  const { channel, chaincode } = topology();
  const peers = endorsers.flatMap((key) => [
    '--peerAddresses',
    `127.0.0.1:${peerOf(key).port}`,
    '--tlsRootCertFiles',
    tlsRoot(key),
  ]);
  const result = await peerCli(user, [
    'chaincode',
    'invoke',
    '-C',
    channel,
    '-n',
    chaincode,
    '-c',
    ctor(fn, args),
    ...ordererArgs(user),
    ...peers,
    '--waitForEvent',
    '--waitForEventTimeout',
    '60s',
  ]);
  const output = `${result.stdout}\n${result.stderr}`;
  return {
    code: result.code,
    txId: /txid \[([0-9a-f]+)\]/.exec(output)?.[1],
    status: /committed with status \((\w+)\)/.exec(output)?.[1],
    output,
  };
}

/** Org key of an MSP id. */
export function orgOfMsp(mspId: string): string {
  const row = topology().orgs.find((candidate) => candidate.mspId === mspId);
  if (row === undefined) throw new Error(`no org with MSP ${mspId}`);
  return row.key;
}

/** The orgs whose peers must endorse this write, as the chaincode's GetEndorsementPlan answers. */
export async function endorsementPlan(user: CliUser, fn: string, args: readonly string[]): Promise<string[]> {
  const plan = await query(user, 'GetEndorsementPlan', [fn, JSON.stringify(args)]);
  if (!Array.isArray(plan)) throw new Error(`GetEndorsementPlan answered ${JSON.stringify(plan)}`);
  return plan.map((mspId) => orgOfMsp(String(mspId)));
}

/** An invoke endorsed by exactly the orgs the chaincode's plan names. */
export async function invokePlanned(
  user: CliUser,
  fn: string,
  args: readonly string[],
): Promise<InvokeOutcome> {
  return invoke(user, fn, args, await endorsementPlan(user, fn, args));
}

/** GET on an orderer's operations endpoint, as the orderer org's admin (mutual TLS). */
function ordererMetrics(operationsPort: number): Promise<string> {
  const admin = adminOf('orderer');
  return new Promise((done, fail) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: operationsPort,
        path: '/metrics',
        ca: readFileSync(tlsRoot('orderer')),
        cert: readFileSync(join(admin.tlsDir, 'cert.pem')),
        key: readFileSync(join(admin.tlsDir, 'key.pem')),
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          done(body);
        });
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/**
 * The orderer of `running` that reports itself the channel's Raft leader, once one does: a
 * transaction a follower forwards to a leader that has just died is lost, so a write waits for the
 * election that follows a killed leader.
 */
export async function raftLeader<T extends { readonly operationsPort: number }>(
  running: readonly T[],
): Promise<T> {
  const { channel } = topology();
  const leader = new RegExp(`^consensus_etcdraft_is_leader\\{channel="${channel}"\\} 1$`, 'm');
  for (;;) {
    const reports = await Promise.all(
      running.map((orderer) => ordererMetrics(orderer.operationsPort).catch(() => '')),
    );
    const index = reports.findIndex((metrics) => leader.test(metrics));
    if (index >= 0) return running[index] as T;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once one of the running orderers reports itself the Raft leader of the channel. */
export async function raftLeaderElected(running: readonly { operationsPort: number }[]): Promise<void> {
  await raftLeader(running);
}
