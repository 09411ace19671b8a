import { createPrivateKey } from 'node:crypto';
import {
  connect,
  hash,
  signers,
  type Contract,
  type Gateway,
  type Network,
} from '@hyperledger/fabric-gateway';
import type { LedgerCaller } from './ledger';
import type { PeerConnections } from './peer-connections';

/** A user's view of the channel: its Gateway (identity + signer), network, and contracts. */
export interface CallerConnection {
  readonly gateway: Gateway;
  readonly network: Network;
  readonly contract: Contract;
  readonly qscc: Contract;
}

/** Caches, per user, the parsed identity and signer and the Gateway built on them. */
export interface CallerConnections {
  /** The caller's connection; built (parsing its key once) on first use or after a new certificate. */
  connectionFor(caller: LedgerCaller): CallerConnection;
  /** Closes every cached Gateway (the gRPC connections are not the cache's to close). */
  close(): void;
}

/** Options of {@link createCallerConnections}. */
export interface CallerConnectionsOptions {
  readonly peers: PeerConnections;
  readonly channel: string;
  readonly chaincode: string;
  /** How many users to keep; the least recently used is dropped beyond it. */
  readonly capacity: number;
}

interface Entry {
  readonly certificate: string;
  readonly connection: CallerConnection;
}

/** Creates the per-user connection cache. */
export function createCallerConnections(options: Readonly<CallerConnectionsOptions>): CallerConnections {
  const entries = new Map<string, Entry>();

  const build = (caller: LedgerCaller): CallerConnection => {
    const gateway = connect({
      client: options.peers.client(caller.org),
      identity: { mspId: caller.mspId, credentials: Buffer.from(caller.certificate) },
      signer: signers.newPrivateKeySigner(createPrivateKey(caller.privateKey())),
      hash: hash.sha256,
      tlsClientCertificateHash: options.peers.tlsClientCertificateHash(caller.org),
    });
    const network = gateway.getNetwork(options.channel);
    return {
      gateway,
      network,
      contract: network.getContract(options.chaincode),
      qscc: network.getContract('qscc'),
    };
  };

  const evict = (id: string): void => {
    entries.get(id)?.connection.gateway.close();
    entries.delete(id);
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
      entries.set(caller.id, { certificate: caller.certificate, connection });
      const oldest = entries.keys().next();
      if (entries.size > options.capacity && oldest.done !== true) {
        evict(oldest.value);
      }
      return connection;
    },
    close: () => {
      for (const id of [...entries.keys()]) {
        evict(id);
      }
    },
  };
}
