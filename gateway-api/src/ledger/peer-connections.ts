import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { NetworkProfile, PeerProfile } from '../config/network-profile';
import { ORG_KEYS, type OrgKey } from '../domain/orgs';

/** One long-lived gRPC connection per org peer, shared by every user of that org. */
export interface PeerConnections {
  /** The gRPC client of an org's peer. */
  client(org: OrgKey): grpc.Client;
  /** SHA-256 of the org's TLS client certificate when mutual TLS is configured. */
  tlsClientCertificateHash(org: OrgKey): Uint8Array | undefined;
  /** Whether the org's peer accepts a connection before the deadline. */
  isReachable(org: OrgKey, deadline: Date): Promise<boolean>;
  /** Closes every connection. */
  close(): void;
}

interface Connection {
  readonly client: grpc.Client;
  readonly tlsClientCertificateHash: Uint8Array | undefined;
}

function clientCertificate(peer: PeerProfile): { certificate: Buffer; key: Buffer } | undefined {
  if (peer.clientCertPath === undefined && peer.clientKeyPath === undefined) {
    return undefined;
  }
  if (peer.clientCertPath === undefined || peer.clientKeyPath === undefined) {
    throw new Error(`peer ${peer.hostAlias}: clientCertPath and clientKeyPath must be given together`);
  }
  return { certificate: readFileSync(peer.clientCertPath), key: readFileSync(peer.clientKeyPath) };
}

function connect(peer: PeerProfile): Connection {
  const rootCertificate = readFileSync(peer.tlsRootCertPath);
  const clientTls = clientCertificate(peer);
  const credentials = grpc.credentials.createSsl(rootCertificate, clientTls?.key, clientTls?.certificate);
  const client = new grpc.Client(peer.endpoint, credentials, {
    'grpc.ssl_target_name_override': peer.hostAlias,
    'grpc.default_authority': peer.hostAlias,
    'grpc.keepalive_time_ms': 120_000,
    'grpc.keepalive_timeout_ms': 20_000,
  });
  const tlsClientCertificateHash =
    clientTls === undefined
      ? undefined
      : createHash('sha256').update(new X509Certificate(clientTls.certificate).raw).digest();
  return { client, tlsClientCertificateHash };
}

/**
 * Opens (lazily, as gRPC does) one TLS connection to each org's peer, with
 * `grpc.ssl_target_name_override` set to the peer's host alias and, when the profile names them,
 * a TLS client certificate and key.
 */
export function createPeerConnections(profile: NetworkProfile): PeerConnections {
  const connections = new Map<OrgKey, Connection>(
    ORG_KEYS.map((org) => [org, connect(profile.orgs[org].peer)] as const),
  );
  const connection = (org: OrgKey): Connection => {
    const found = connections.get(org);
    if (found === undefined) {
      throw new Error(`no peer connection for org ${org}`);
    }
    return found;
  };
  return {
    client: (org) => connection(org).client,
    tlsClientCertificateHash: (org) => connection(org).tlsClientCertificateHash,
    isReachable: (org, deadline) =>
      new Promise((resolve) => {
        connection(org).client.waitForReady(deadline, (error) => {
          resolve(error === undefined);
        });
      }),
    close: () => {
      for (const { client } of connections.values()) {
        client.close();
      }
    },
  };
}
