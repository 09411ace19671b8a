import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { createLoginThrottle } from '../auth/login-throttle';
import { createTokenService } from '../auth/token-service';
import type { GatewayConfig } from '../config/config';
import { loadNetworkProfile, type NetworkProfile } from '../config/network-profile';
import { loadOrCreateSecret } from '../config/secret-file';
import { adminUsername, ORG_KEYS, type OrgKey } from '../domain/orgs';
import { createEventFeed } from '../events/event-feed';
import { createEventListener } from '../events/event-listener';
import { createRiskProjection } from '../events/risk-projection';
import { createApp } from '../http/app';
import { DEFAULT_CONSOLE_DIR } from '../http/console';
import { createEventStreams } from '../http/event-stream';
import { idempotencyObserver } from '../http/idempotency';
import { apiRoutes } from '../http/routes';
import { createCertificateAuthority, type CertificateAuthority } from '../identity/certificate-authority';
import { createKeyVault } from '../identity/key-vault';
import { createPasswordHasher, type PasswordHasher } from '../identity/password-hasher';
import { createFabricLedger } from '../ledger/fabric-ledger';
import type { Ledger, SubmitObserver } from '../ledger/ledger';
import { createLogger } from '../observability/logger';
import { createMetrics } from '../observability/metrics';
import { openDatabase } from '../store/database';
import { createEventLog } from '../store/event-log';
import { createIdempotencyStore } from '../store/idempotency-store';
import { createTransactionJournal } from '../store/transaction-journal';
import { createUserStore } from '../store/user-store';
import { bootstrapAdmins } from '../usecases/admin-bootstrap';
import { ledgerCaller, type AuthenticationDeps } from '../usecases/authentication';
import { createUserEnrollment } from '../usecases/identities';
import { createBoundTransactionResolver, recoverPendingTransactions } from '../usecases/journal-recovery';
import { retryUntil } from './retry';

/** The gateway's version, from its package.json (`gateway-api/`, the same from `src/` and `dist/`). */
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  return z.object({ version: z.string() }).parse(manifest).version;
}

/** A client address may fail this many times more often than one user name (shared addresses). */
const ADDRESS_ATTEMPTS_FACTOR = 4;

/** A running gateway. */
export interface RunningGateway {
  readonly app: Express;
  /** Where it listens. */
  address(): AddressInfo;
  /** Graceful shutdown: stop accepting, end event streams, drain requests, close gRPC and SQLite. */
  stop(): Promise<void>;
}

/** Replaceable parts, for tests: by default everything is built from the configuration. */
export interface GatewayOverrides {
  readonly profile?: NetworkProfile;
  /** Builds the ledger instead of the Fabric adapter; it must tell `observer` of its submissions. */
  readonly ledger?: (observer: SubmitObserver) => Ledger;
  readonly authorities?: (org: OrgKey) => CertificateAuthority;
  readonly hasher?: PasswordHasher;
  readonly log?: Logger;
}

function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error === undefined) {
        resolve(server);
      } else {
        reject(error);
      }
    });
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Starts the gateway: opens SQLite, connects to the peers, enrolls the CA registrars and the org
 * administrators, resolves the transactions a crash left pending, follows chaincode events, and
 * listens for HTTP.
 */
export async function startGateway(
  config: GatewayConfig,
  overrides: Readonly<GatewayOverrides> = {},
): Promise<RunningGateway> {
  const log = overrides.log ?? createLogger(config.logLevel);
  if (config.devMode) {
    log.warn(
      'SCF_DEV_MODE=true: local development settings allowed (default passwords, generated token secret)',
    );
  }
  const profile = overrides.profile ?? loadNetworkProfile(config.networkProfilePath);
  const db = openDatabase(join(config.dataDir, 'gateway.db'));
  const vault = createKeyVault(
    config.keyEncryptionKey ?? loadOrCreateSecret(join(config.dataDir, 'secrets', 'key-encryption.key'), 32),
  );
  const tokenSecret =
    config.jwtSecret ?? loadOrCreateSecret(join(config.dataDir, 'secrets', 'token-signing.key'), 32);
  const users = createUserStore(db);
  const journal = createTransactionJournal(db);
  const eventLog = createEventLog(db);
  const metrics = createMetrics();
  // Idempotency keys are bound to their transaction in the same SQLite transaction as its journal entry.
  const observer = idempotencyObserver(journal, (work) => {
    db.transaction(work)();
  });
  const ledger =
    overrides.ledger?.(observer) ??
    createFabricLedger({
      profile,
      observer,
      metrics,
      maxInFlightSubmits: config.maxInFlightSubmits,
      endorseRetries: config.endorseRetries,
      logger: log,
    });
  const authorityOf = new Map<OrgKey, CertificateAuthority>(
    ORG_KEYS.map((org) => [
      org,
      overrides.authorities?.(org) ??
        createCertificateAuthority({
          ca: profile.orgs[org].ca,
          mspId: profile.orgs[org].mspId,
          registrarSecret: config.caRegistrarSecret,
          timeoutMs: config.caTimeoutMs,
        }),
    ]),
  );
  const authorities = (org: OrgKey): CertificateAuthority => {
    const authority = authorityOf.get(org);
    if (authority === undefined) {
      throw new Error(`no certificate authority for org ${org}`);
    }
    return authority;
  };
  const idempotency = createIdempotencyStore(db, {
    retentionSeconds: config.idempotencyTtlSeconds,
    transactions: createBoundTransactionResolver({
      journal,
      ledger,
      users,
      vault,
      waitMs: config.idempotencyWaitMs,
      log,
    }),
  });
  const hasher = overrides.hasher ?? createPasswordHasher();
  const identityDeps = { authorities, vault, hasher, users };
  const auth: AuthenticationDeps = {
    users,
    hasher,
    vault,
    tokens: createTokenService({
      secret: tokenSecret,
      issuer: config.token.issuer,
      audience: config.token.audience,
      ttlSeconds: config.token.ttlSeconds,
      oidc: config.oidc,
    }),
    userThrottle: createLoginThrottle({
      maxAttempts: config.login.maxAttempts,
      windowSeconds: config.login.windowSeconds,
    }),
    addressThrottle: createLoginThrottle({
      maxAttempts: config.login.maxAttempts * ADDRESS_ATTEMPTS_FACTOR,
      windowSeconds: config.login.windowSeconds,
    }),
  };

  try {
    await retryUntil(
      () => bootstrapAdmins({ deps: identityDeps, profile, adminPassword: config.adminPassword, log }),
      {
        deadline: new Date(Date.now() + config.startupTimeoutMs),
        initialDelayMs: 500,
        maxDelayMs: 5_000,
        onRetry: (error, delayMs) => {
          log.warn({ err: error, retryInMs: delayMs }, 'certificate authorities not ready');
        },
      },
    );
  } catch (error) {
    ledger.close();
    db.close();
    throw error;
  }

  const feed = createEventFeed();
  const listener = createEventListener({
    ledger,
    eventLog,
    feed,
    log,
    caller: () => {
      const admin = users.findActive(adminUsername(config.eventsOrg));
      return admin === undefined ? undefined : ledgerCaller(admin, vault);
    },
    onAppended: () => {
      metrics.eventsAppended.inc();
    },
  });
  const eventStreams = createEventStreams({
    auth,
    eventLog,
    feed,
    ledger,
    queryTimeoutMs: config.requestTimeoutMs,
    maxStreams: config.maxEventStreams,
    heartbeatMs: config.sseHeartbeatMs,
  });
  const app = createApp({
    routes: apiRoutes(createUserEnrollment(identityDeps), createRiskProjection(eventLog)),
    routeDeps: { ledger, auth, idempotency, requestTimeoutMs: config.requestTimeoutMs },
    eventStreams,
    metrics,
    log,
    maxInFlightWrites: config.maxInFlightWrites,
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    version: packageVersion(),
    consoleDir: DEFAULT_CONSOLE_DIR,
  });
  const server = await listen(app, config.host, config.port);
  server.requestTimeout = config.requestTimeoutMs + 5_000;
  listener.start();
  const recovery = recoverPendingTransactions({
    journal,
    ledger,
    users,
    vault,
    timeoutMs: config.recoveryTimeoutMs,
    log,
    onSettled: (transactionId, state) => {
      idempotency.transactionSettled(transactionId, state);
    },
  }).then(
    (report) => {
      log.info(report, 'pending transactions recovered');
    },
    (error: unknown) => {
      log.error({ err: error }, 'pending transaction recovery failed');
    },
  );
  const purge = setInterval(() => idempotency.purgeExpired(), 3_600_000);
  purge.unref();

  const address = server.address();
  log.info({ address }, 'gateway listening');
  let stopping: Promise<void> | undefined;
  return {
    app,
    address: () => {
      const current = server.address();
      if (current === null || typeof current === 'string') {
        throw new Error('the gateway is not listening on a TCP port');
      }
      return current;
    },
    stop: () => {
      stopping ??= (async () => {
        log.info('gateway stopping');
        clearInterval(purge);
        const closed = closeServer(server, config.shutdownGraceMs);
        eventStreams.closeAll();
        await closed;
        await listener.stop();
        await recovery;
        ledger.close();
        db.close();
        log.info('gateway stopped');
      })();
      return stopping;
    },
  };
}
