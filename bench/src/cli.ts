import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orgRow, peerRow, type Settings, tlsRoot } from './settings';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program; never rejects. */
export function runFile(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 180_000,
): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      file,
      [...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The `peer` CLI as an org's admin against that org's peer (scripts/network/peer.sh `peer_as`). */
export function peerAs(settings: Settings, org: string, args: readonly string[]): Promise<RunResult> {
  const admin = orgRow(settings, org).admin;
  return runFile(join(settings.fabricBin, 'peer'), args, {
    FABRIC_CFG_PATH: join(settings.state, 'network', 'config'),
    FABRIC_LOGGING_SPEC: 'warning',
    CORE_PEER_LOCALMSPID: orgRow(settings, org).mspId,
    CORE_PEER_ADDRESS: `127.0.0.1:${peerRow(settings, org).port}`,
    CORE_PEER_MSPCONFIGPATH: join(admin, 'msp'),
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: tlsRoot(settings, org),
    CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'true',
    CORE_PEER_TLS_CLIENTCERT_FILE: join(admin, 'tls', 'cert.pem'),
    CORE_PEER_TLS_CLIENTKEY_FILE: join(admin, 'tls', 'key.pem'),
  });
}

/** `-o … --tls …` for an org admin's lifecycle transaction. */
export function ordererArgs(settings: Settings, org: string): string[] {
  const [first] = settings.topology.orderers;
  if (first === undefined) throw new Error('no orderer in the topology');
  const admin = orgRow(settings, org).admin;
  return [
    '-o',
    `127.0.0.1:${first.port}`,
    '--tls',
    '--cafile',
    tlsRoot(settings, 'orderer'),
    '--clientauth',
    '--certfile',
    join(admin, 'tls', 'cert.pem'),
    '--keyfile',
    join(admin, 'tls', 'key.pem'),
  ];
}

/** An identity fabric-network can sign with. */
export interface EnrolledUser {
  readonly org: string;
  readonly mspId: string;
  readonly name: string;
  readonly certificate: string;
  readonly privateKey: string;
}

function mspIdentity(org: string, mspId: string, name: string, mspDir: string): EnrolledUser {
  const certDir = join(mspDir, 'signcerts');
  const keyDir = join(mspDir, 'keystore');
  const [certFile] = readdirSync(certDir);
  const [keyFile] = readdirSync(keyDir);
  if (certFile === undefined || keyFile === undefined) throw new Error(`${mspDir}: no certificate or key`);
  return {
    org,
    mspId,
    name,
    certificate: readFileSync(join(certDir, certFile), 'utf8'),
    privateKey: readFileSync(join(keyDir, keyFile), 'utf8'),
  };
}

/** The org's admin as `up` enrolled it (no `scf.*` attributes: fine for the ceiling chaincode). */
export function orgAdmin(settings: Settings, org: string): EnrolledUser {
  const row = orgRow(settings, org);
  return mspIdentity(org, row.mspId, `Admin@${org}`, join(row.admin, 'msp'));
}

async function caClient(settings: Settings, org: string, args: readonly string[]): Promise<void> {
  const caHome = join(settings.state, 'network', 'cas', org, 'ca');
  const result = await runFile(
    join(settings.fabricBin, 'fabric-ca-client'),
    [...args, '--caname', `ca-${org}`, '--tls.certfiles', join(caHome, 'ca-cert.pem')],
    { FABRIC_CA_CLIENT_HOME: join(caHome, 'registrar') },
  );
  if (result.code !== 0) throw new Error(`fabric-ca-client ${args[0] ?? ''} failed:\n${result.stderr}`);
}

/** A user to enroll: its org, name, where its MSP folder goes, and the participant it acts for. */
export interface NewUser {
  readonly org: string;
  readonly name: string;
  readonly home: string;
  /** The participant it operates; absent: a viewer bound to none (an auditor). */
  readonly participant?: string;
}

/**
 * Registers and enrolls a user at its org's Fabric CA through the registrar, with the chaincode's
 * `scf.role` / `scf.participant` attributes in its certificate (as scripts/test/support/fabric.ts does).
 */
export async function enrollUser(
  settings: Settings,
  { org, name, home, participant }: Readonly<NewUser>,
): Promise<EnrolledUser> {
  const secret = randomBytes(18).toString('base64url');
  const { caPort, mspId } = orgRow(settings, org);
  await caClient(settings, org, [
    'register',
    '--id.name',
    name,
    '--id.secret',
    secret,
    '--id.type',
    'client',
    '--id.attrs',
    participant === undefined
      ? 'scf.role=viewer:ecert'
      : `scf.role=operator:ecert,scf.participant=${participant}:ecert`,
  ]);
  const mspDir = join(home, name, 'msp');
  mkdirSync(mspDir, { recursive: true });
  await caClient(settings, org, [
    'enroll',
    '-u',
    `https://${name}:${secret}@127.0.0.1:${caPort}`,
    '-M',
    mspDir,
  ]);
  return mspIdentity(org, mspId, name, mspDir);
}
