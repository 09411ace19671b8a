import { Gateway, type Contract, type GatewayOptions, type Network, type X509Identity } from 'fabric-network';
import type { LedgerCaller } from './ledger';
import { QSCC, type OrgClients } from './org-clients';

/** A user's view of the channel: its Gateway (its identity on the org's shared client), network, contracts. */
export interface CallerConnection {
  readonly gateway: Gateway;
  readonly network: Network;
  readonly contract: Contract;
  readonly qscc: Contract;
}

/** Caches, per user, the parsed identity and the Gateway and network built on it. */
export interface CallerConnections {
  /** The caller's connection; built (parsing its key once, running discovery once) on first use or after a new certificate. */
  connectionFor(caller: LedgerCaller): Promise<CallerConnection>;
  /** Forgets a caller's connection (e.g. after its discovery failed), releasing what is its own. */
  forget(caller: LedgerCaller): void;
  /** Releases every cached connection (the org clients are not the cache's to close). */
  close(): void;
}

/** Options of {@link createCallerConnections}. */
export interface CallerConnectionsOptions {
  readonly orgs: OrgClients;
  readonly channel: string;
  readonly chaincode: string;
  /** How many users to keep; the least recently used is dropped beyond it. */
  readonly capacity: number;
  /** fabric-network's own timeouts (seconds); each request is also bounded by its deadline. */
  readonly timeoutSeconds: number;
}

interface Entry {
  readonly certificate: string;
  readonly connection: Promise<CallerConnection>;
}

/** What a per-user network owns beyond the org's shared channel (internals of fabric-network 2.2.20). */
interface NetworkInternals {
  readonly discoveryService?: { close(): void };
  readonly eventServiceManager?: { close(): void };
}

/**
 * Releases what one user's network opened for itself: its discoverer and its event services (commit
 * and block streams). Not `Gateway.disconnect()` nor the network's `_dispose()`: both close the
 * channel, whose endorsers and committers every user of the org shares.
 */
function release(connection: CallerConnection): void {
  const internals = connection.network as unknown as NetworkInternals;
  internals.eventServiceManager?.close();
  internals.discoveryService?.close();
}

/** Creates the per-user connection cache. */
export function createCallerConnections(options: Readonly<CallerConnectionsOptions>): CallerConnections {
  const entries = new Map<string, Entry>();

  const build = async (caller: LedgerCaller): Promise<CallerConnection> => {
    const org = options.orgs.clientOf(caller.org);
    const identity: X509Identity = {
      type: 'X.509',
      mspId: caller.mspId,
      credentials: { certificate: caller.certificate, privateKey: caller.privateKey() },
    };
    const gatewayOptions: GatewayOptions = {
      identity,
      // Gateway.connect sets the client's TLS identity from its options on every connect: give it
      // the org's own, or it would replace the shared client's with a self-signed one.
      ...(org.tls === undefined ? {} : { tlsInfo: { certificate: org.tls.certificate, key: org.tls.key } }),
      discovery: { enabled: true, asLocalhost: false },
      queryHandlerOptions: { timeout: options.timeoutSeconds },
      eventHandlerOptions: { endorseTimeout: options.timeoutSeconds, commitTimeout: options.timeoutSeconds },
    };
    const gateway = new Gateway();
    await gateway.connect(org.client, gatewayOptions);
    const network = await gateway.getNetwork(options.channel);
    return {
      gateway,
      network,
      contract: network.getContract(options.chaincode),
      qscc: network.getContract(QSCC),
    };
  };

  const evict = (id: string): void => {
    const entry = entries.get(id);
    entries.delete(id);
    entry?.connection.then(release, () => undefined);
  };

  return {
    connectionFor: (caller) => {
      const cached = entries.get(caller.id);
      if (cached?.certificate === caller.certificate) {
        entries.delete(caller.id);
        entries.set(caller.id, cached);
        return cached.connection;
      }
      evict(caller.id);
      const connection = build(caller);
      const entry = { certificate: caller.certificate, connection };
      entries.set(caller.id, entry);
      connection.catch(() => {
        if (entries.get(caller.id) === entry) {
          entries.delete(caller.id);
        }
      });
      const oldest = entries.keys().next();
      if (entries.size > options.capacity && oldest.done !== true) {
        evict(oldest.value);
      }
      return connection;
    },
    forget: (caller) => {
      evict(caller.id);
    },
    close: () => {
      for (const id of [...entries.keys()]) {
        evict(id);
      }
    },
  };
}
