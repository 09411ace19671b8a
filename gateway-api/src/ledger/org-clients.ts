/**
 * One fabric-common `Client` per org: the gRPC connections of that org's gateway users, shared by all
 * of them. Each client's channel holds every org's peer, dialled at the profile's endpoint with the
 * TLS server name (`hostAlias`) the peer's certificate carries, and the org's TLS client certificate
 * for mutual TLS. Discovery finds these same endpoints (the peers advertise `127.0.0.1:<port>`) and
 * reuses them, keyed by URL, instead of dialling `127.0.0.1` as a TLS server name.
 */
import { readFileSync } from 'node:fs';
import { Client, type Endorser } from 'fabric-common';
import { orgKeys, orgOf, type NetworkProfile, type PeerProfile } from '../config/network-profile';
import type { OrgKey } from '../domain/orgs';

/** A system chaincode every peer runs; named on each endorser, since discovery lists installed ones only. */
export const QSCC = 'qscc';

/** The TLS client certificate and key of an org (PEM). */
export interface TlsClientIdentity {
  readonly certificate: string;
  readonly key: string;
}

/** One org's shared client. */
export interface OrgClient {
  readonly org: OrgKey;
  readonly mspId: string;
  readonly client: Client;
  /** The org's TLS client identity, when the profile gives one (mutual TLS). */
  readonly tls: TlsClientIdentity | undefined;
  /** The org's own peer, as an endorser of the channel. */
  readonly peer: Endorser;
}

/** Every org's client. */
export interface OrgClients {
  clientOf(org: OrgKey): OrgClient;
  /** Whether the org's peer accepts a connection before the deadline. */
  isReachable(org: OrgKey, deadline: Date): Promise<boolean>;
  /** Closes every connection. */
  close(): void;
}

function tlsClientIdentity(peer: PeerProfile): TlsClientIdentity | undefined {
  if (peer.clientCertPath === undefined && peer.clientKeyPath === undefined) {
    return undefined;
  }
  if (peer.clientCertPath === undefined || peer.clientKeyPath === undefined) {
    throw new Error(`peer ${peer.hostAlias}: clientCertPath and clientKeyPath must be given together`);
  }
  return {
    certificate: readFileSync(peer.clientCertPath, 'utf8'),
    key: readFileSync(peer.clientKeyPath, 'utf8'),
  };
}

/** The URL fabric-common (and its discovery) gives a peer advertised at `endpoint` over TLS. */
export function peerUrl(endpoint: string): string {
  return `grpcs://${endpoint}`;
}

function newOrgClient(profile: NetworkProfile, org: OrgKey): OrgClient {
  const own = orgOf(profile, org);
  const tls = tlsClientIdentity(own.peer);
  const client = new Client(`scf-${org}`);
  if (tls === undefined) {
    client.setTlsClientCertAndKey();
  } else {
    client.setTlsClientCertAndKey(tls.certificate, tls.key);
  }
  const channel = client.getChannel(profile.channel);
  const endorsers = new Map<OrgKey, Endorser>();
  for (const peerOrg of orgKeys(profile)) {
    const { mspId, peer } = orgOf(profile, peerOrg);
    const endorser = client.getEndorser(peer.endpoint, mspId);
    endorser.setEndpoint(
      client.newEndpoint({
        url: peerUrl(peer.endpoint),
        pem: readFileSync(peer.tlsRootCertPath, 'utf8'),
        'ssl-target-name-override': peer.hostAlias,
        'grpc.keepalive_time_ms': 120_000,
        'grpc.keepalive_timeout_ms': 20_000,
      }),
    );
    endorser.addChaincode(QSCC);
    channel.addEndorser(endorser);
    endorsers.set(peerOrg, endorser);
  }
  const peer = endorsers.get(org);
  if (peer === undefined) {
    throw new Error(`no peer for org ${org}`);
  }
  return { org, mspId: own.mspId, client, tls, peer };
}

/** Opens (lazily: nothing is dialled until first used) each org's client. */
export function createOrgClients(profile: NetworkProfile): OrgClients {
  const clients = new Map<OrgKey, OrgClient>(
    orgKeys(profile).map((org) => [org, newOrgClient(profile, org)] as const),
  );
  const clientOf = (org: OrgKey): OrgClient => {
    const found = clients.get(org);
    if (found === undefined) {
      throw new Error(`no client for org ${org}`);
    }
    return found;
  };
  return {
    clientOf,
    isReachable: async (org, deadline) => {
      const check = clientOf(org)
        .peer.checkConnection()
        .catch(() => false);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(
          () => {
            resolve(false);
          },
          Math.max(0, deadline.getTime() - Date.now()),
        );
      });
      try {
        return await Promise.race([check, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => {
      for (const { client } of clients.values()) {
        client.close();
      }
    },
  };
}
