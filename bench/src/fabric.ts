import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Utils } from 'fabric-common';
import { Gateway, type Contract, type GatewayOptions, type X509Identity } from 'fabric-network';
import type { EnrolledUser } from './cli';
import type { Outcome } from './load';
import type { Settings } from './settings';

interface PeerProfile {
  readonly endpoint: string;
  readonly hostAlias: string;
  readonly tlsRootCertPath: string;
  readonly clientCertPath?: string;
  readonly clientKeyPath?: string;
}
interface Profile {
  readonly channel: string;
  readonly orgs: Readonly<Record<string, { readonly mspId: string; readonly peer: PeerProfile }>>;
}

interface HfcGlobal {
  hfc?: { logger?: { log: (level: string, ...args: unknown[]) => unknown } };
}

/** fabric-common logs every refusal to the console: silence it (we count outcomes ourselves). */
function quietFabricLogging(): void {
  Utils.getLogger('scf-bench');
  const logger = (globalThis as HfcGlobal).hfc?.logger;
  if (logger !== undefined) logger.log = () => undefined;
}

interface OrgClient {
  readonly client: Client;
  readonly tls: { certificate: string; key: string } | undefined;
}

/**
 * fabric-network 2.2.20 connections as the gateway makes them (gateway-api/src/ledger/org-clients.ts,
 * caller-connections.ts): one fabric-common `Client` per org holding the gRPC connections to every
 * peer (mutual TLS with the org's gateway TLS client certificate), one `Gateway` per user on it.
 */
export class FabricConnections {
  private readonly profile: Profile;
  private readonly clients = new Map<string, OrgClient>();
  private readonly gateways: Gateway[] = [];

  constructor(settings: Settings) {
    quietFabricLogging();
    this.profile = JSON.parse(
      readFileSync(join(settings.state, 'network', 'profile.json'), 'utf8'),
    ) as Profile;
  }

  private orgClient(org: string): OrgClient {
    const cached = this.clients.get(org);
    if (cached !== undefined) return cached;
    const own = this.profile.orgs[org];
    if (own === undefined) throw new Error(`no org ${org} in the network profile`);
    const tls =
      own.peer.clientCertPath === undefined || own.peer.clientKeyPath === undefined
        ? undefined
        : {
            certificate: readFileSync(own.peer.clientCertPath, 'utf8'),
            key: readFileSync(own.peer.clientKeyPath, 'utf8'),
          };
    const client = new Client(`bench-${org}`);
    if (tls === undefined) client.setTlsClientCertAndKey();
    else client.setTlsClientCertAndKey(tls.certificate, tls.key);
    const channel = client.getChannel(this.profile.channel);
    for (const { mspId, peer } of Object.values(this.profile.orgs)) {
      const endorser = client.getEndorser(peer.endpoint, mspId);
      endorser.setEndpoint(
        client.newEndpoint({
          url: `grpcs://${peer.endpoint}`,
          pem: readFileSync(peer.tlsRootCertPath, 'utf8'),
          'ssl-target-name-override': peer.hostAlias,
        }),
      );
      channel.addEndorser(endorser);
    }
    const entry = { client, tls };
    this.clients.set(org, entry);
    return entry;
  }

  /** The user's contract `chaincode` (a Gateway with discovery, on the org's shared client). */
  async contract(user: EnrolledUser, chaincode: string): Promise<Contract> {
    const { client, tls } = this.orgClient(user.org);
    const identity: X509Identity = {
      type: 'X.509',
      mspId: user.mspId,
      credentials: { certificate: user.certificate, privateKey: user.privateKey },
    };
    const options: GatewayOptions = {
      identity,
      ...(tls === undefined ? {} : { tlsInfo: { certificate: tls.certificate, key: tls.key } }),
      discovery: { enabled: true, asLocalhost: false },
      eventHandlerOptions: { commitTimeout: 120, endorseTimeout: 60 },
      queryHandlerOptions: { timeout: 60 },
    };
    const gateway = new Gateway();
    await gateway.connect(client, options);
    this.gateways.push(gateway);
    const network = await gateway.getNetwork(this.profile.channel);
    return network.getContract(chaincode);
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
  }
}

/** Validation codes of a transaction that lost a race (see chaincode/README.md, "Concurrency"). */
const CONFLICT_CODES = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE']);

function classify(error: unknown): Outcome {
  const code = (error as { transactionCode?: unknown }).transactionCode;
  if (typeof code === 'string') {
    return CONFLICT_CODES.has(code) ? { kind: 'conflict', detail: code } : { kind: 'error', detail: code };
  }
  const message = error instanceof Error ? error.message : String(error);
  const refusal = /message=([A-Z_]+: [^\n]{0,100})/.exec(message)?.[1];
  return { kind: 'error', detail: refusal ?? message.slice(0, 160) };
}

/** One write endorsed by exactly `orgs` (MSP ids), waiting for its commit (fabric-network's default: own org's peers). */
export async function submit(
  contract: Contract,
  orgs: readonly string[],
  fn: string,
  args: readonly string[],
): Promise<Outcome> {
  try {
    const transaction = contract.createTransaction(fn);
    transaction.setEndorsingOrganizations(...orgs);
    const result = await transaction.submit(...args);
    return { kind: 'ok', result: result.toString('utf8') };
  } catch (error) {
    return classify(error);
  }
}

/** One read on the caller's org peer. */
export async function evaluate(contract: Contract, fn: string, args: readonly string[]): Promise<Outcome> {
  try {
    const result = await contract.evaluateTransaction(fn, ...args);
    return { kind: 'ok', result: result.toString('utf8') };
  } catch (error) {
    return classify(error);
  }
}

/** The chaincode's endorsement plan of a write (sorted MSP ids). */
export async function endorsementPlan(
  contract: Contract,
  fn: string,
  args: readonly string[],
): Promise<string[]> {
  const bytes = await contract.evaluateTransaction('GetEndorsementPlan', fn, JSON.stringify(args));
  const plan = JSON.parse(bytes.toString('utf8')) as unknown;
  if (!Array.isArray(plan) || plan.some((entry) => typeof entry !== 'string')) {
    throw new Error(`GetEndorsementPlan(${fn}) answered ${bytes.toString('utf8')}`);
  }
  return plan as string[];
}
