import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { createLoginThrottle } from '../auth/login-throttle';
import { createTokenService } from '../auth/token-service';
import { ConfigError, type GatewayConfig } from '../config/config';
import {
  kindOfOrg,
  loadNetworkProfile,
  orgKeys,
  orgOf,
  type NetworkProfile,
} from '../config/network-profile';
import { loadOrCreateSecret } from '../config/secret-file';
import { createCurrencyCache, type CurrencyCache } from '../domain/currency-cache';
import { adminUsername, type OrgKey } from '../domain/orgs';
import { createEventFeed } from '../events/event-feed';
import { createEventListener, type EventListener } from '../events/event-listener';
import { createRiskProjection } from '../events/risk-projection';
import { createApp } from '../http/app';
import { DEFAULT_CONSOLE_DIR } from '../http/console';
import { createEventStreams, type EventStreams } from '../http/event-stream';
import { idempotencyObserver } from '../http/idempotency';
import { apiRoutes } from '../http/routes';
import { createCertificateAuthority, type CertificateAuthority } from '../identity/certificate-authority';
import { createKeyVault, type KeyVault } from '../identity/key-vault';
import { createPasswordHasher, type PasswordHasher } from '../identity/password-hasher';
import { createFabricLedger } from '../ledger/fabric-ledger';
import type { Ledger, SubmitObserver } from '../ledger/ledger';
import { createLogger } from '../observability/logger';
import { createMetrics, type Metrics } from '../observability/metrics';
import { openDatabase, type GatewayDatabase } from '../store/database';
import { createEventLog, type EventLog } from '../store/event-log';
import { createIdempotencyStore, type IdempotencyStore } from '../store/idempotency-store';
import { createTransactionJournal, type TransactionJournal } from '../store/transaction-journal';
import { createUserStore, type UserStore } from '../store/user-store';
import { bootstrapAdmins } from '../usecases/admin-bootstrap';
import { ledgerCaller, type AuthenticationDeps } from '../usecases/authentication';
import { createUserEnrollment, type IdentityDeps } from '../usecases/identities';
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

/** The gateway's SQLite stores and its secrets. */
interface Stores {
  readonly db: GatewayDatabase;
  readonly vault: KeyVault;
  readonly tokenSecret: Uint8Array;
  readonly users: UserStore;
  readonly journal: TransactionJournal;
  readonly eventLog: EventLog;
}

/** Opens SQLite and the secrets (generated on first use unless configured). */
function openStores(config: GatewayConfig): Stores {
  const secret = (name: string): Buffer => loadOrCreateSecret(join(config.dataDir, 'secrets', name), 32);
  const db = openDatabase(join(config.dataDir, 'gateway.db'));
  return {
    db,
    vault: createKeyVault(config.keyEncryptionKey ?? secret('key-encryption.key')),
    tokenSecret: config.jwtSecret ?? secret('token-signing.key'),
    users: createUserStore(db),
    journal: createTransactionJournal(db),
    eventLog: createEventLog(db),
  };
}

/** What the steps of the start share. */
interface Startup {
  readonly config: GatewayConfig;
  readonly overrides: Readonly<GatewayOverrides>;
  readonly log: Logger;
  readonly profile: NetworkProfile;
  readonly stores: Stores;
  readonly metrics: Metrics;
}

/** Connects the ledger; every submission is journaled with its idempotency key, atomically. */
function connectLedger(startup: Startup): Ledger {
  const { config, stores, log, metrics, profile } = startup;
  const observer = idempotencyObserver(stores.journal, (work) => {
    stores.db.transaction(work)();
  });
  return (
    startup.overrides.ledger?.(observer) ??
    createFabricLedger({
      profile,
      observer,
      metrics,
      maxInFlightSubmits: config.maxInFlightSubmits,
      endorseRetries: config.endorseRetries,
      logger: log,
    })
  );
}

/** Each org's Fabric CA client. */
function certificateAuthorities(startup: Startup): (org: OrgKey) => CertificateAuthority {
  const { config, profile, overrides } = startup;
  const authorityOf = new Map<OrgKey, CertificateAuthority>(
    orgKeys(profile).map((org) => [
      org,
      overrides.authorities?.(org) ??
        createCertificateAuthority({
          ca: orgOf(profile, org).ca,
          mspId: orgOf(profile, org).mspId,
          registrarSecret: config.caRegistrarSecret,
          timeoutMs: config.caTimeoutMs,
        }),
    ]),
  );
  return (org) => {
    const authority = authorityOf.get(org);
    if (authority === undefined) {
      throw new Error(`no certificate authority for org ${org}`);
    }
    return authority;
  };
}

/** Logins and bearer tokens, with failed logins throttled per user name and per address. */
function authentication(startup: Startup, hasher: PasswordHasher): AuthenticationDeps {
  const { config, stores } = startup;
  const throttle = (maxAttempts: number): ReturnType<typeof createLoginThrottle> =>
    createLoginThrottle({ maxAttempts, windowSeconds: config.login.windowSeconds });
  return {
    users: stores.users,
    hasher,
    vault: stores.vault,
    orgKind: (org) => kindOfOrg(startup.profile, org),
    tokens: createTokenService({
      secret: stores.tokenSecret,
      issuer: config.token.issuer,
      audience: config.token.audience,
      ttlSeconds: config.token.ttlSeconds,
      oidc: config.oidc,
    }),
    userThrottle: throttle(config.login.maxAttempts),
    addressThrottle: throttle(config.login.maxAttempts * ADDRESS_ATTEMPTS_FACTOR),
  };
}

/** Idempotency keys, whose pending transactions are resolved with their users' identities. */
function idempotencyStore(startup: Startup, ledger: Ledger): IdempotencyStore {
  const { config, stores, log } = startup;
  return createIdempotencyStore(stores.db, {
    retentionSeconds: config.idempotencyTtlSeconds,
    transactions: createBoundTransactionResolver({
      journal: stores.journal,
      ledger,
      users: stores.users,
      vault: stores.vault,
      waitMs: config.idempotencyWaitMs,
      log,
    }),
  });
}

/** Enrolls the CA registrars and the org administrators, retrying while the CAs are not ready. */
async function enrollAdministrators(startup: Startup, identities: IdentityDeps): Promise<void> {
  const { config, profile, log } = startup;
  await retryUntil(
    () => bootstrapAdmins({ deps: identities, profile, adminPassword: config.adminPassword, log }),
    {
      deadline: new Date(Date.now() + config.startupTimeoutMs),
      initialDelayMs: 500,
      maxDelayMs: 5_000,
      onRetry: (error, delayMs) => {
        log.warn({ err: error, retryInMs: delayMs }, 'certificate authorities not ready');
      },
    },
  );
}

/**
 * The org whose administrator reads the chaincode events: the configured one, else the first
 * auditor org (whose peer every org's transactions reach), else the first org.
 *
 * @throws ConfigError when the configured org is not in the network profile
 */
function eventsOrgOf(config: GatewayConfig, profile: NetworkProfile): OrgKey {
  const orgs = orgKeys(profile);
  const chosen = config.eventsOrg ?? orgs.find((org) => kindOfOrg(profile, org) === 'AUDITOR') ?? orgs[0];
  if (chosen === undefined || !orgs.includes(chosen)) {
    throw new ConfigError(`SCF_EVENTS_ORG: the network profile has no org ${String(chosen)}`);
  }
  return chosen;
}

/** The chaincode events, followed into the event log as the events org's administrator. */
function eventFollowing(
  startup: Startup,
  ledger: Ledger,
  currencies: CurrencyCache,
  reader: string,
): { readonly feed: ReturnType<typeof createEventFeed>; readonly listener: EventListener } {
  const { stores, metrics, log } = startup;
  const feed = createEventFeed();
  const listener = createEventListener({
    ledger,
    eventLog: stores.eventLog,
    feed,
    currencies,
    log,
    caller: () => {
      const admin = stores.users.findActive(reader);
      return admin === undefined ? undefined : ledgerCaller(admin, stores.vault);
    },
    onAppended: () => {
      metrics.eventsAppended.inc();
    },
  });
  return { feed, listener };
}

/** Resolves, in the background, the transactions a crash left pending. */
function recoverJournal(startup: Startup, ledger: Ledger, idempotency: IdempotencyStore): Promise<void> {
  const { config, stores, log } = startup;
  return recoverPendingTransactions({
    journal: stores.journal,
    ledger,
    users: stores.users,
    vault: stores.vault,
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
}

/** What a running gateway stops, in order. */
interface RunningParts {
  readonly startup: Startup;
  readonly app: Express;
  readonly server: Server;
  readonly eventStreams: EventStreams;
  readonly listener: EventListener;
  readonly recovery: Promise<void>;
  readonly ledger: Ledger;
  /** The hourly purge of expired idempotency keys. */
  readonly purge: NodeJS.Timeout;
}

/** The handle of a started gateway: its address and its (idempotent) graceful stop. */
function runningGateway(parts: RunningParts): RunningGateway {
  const { startup, server } = parts;
  const { log } = startup;
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    log.info('gateway stopping');
    clearInterval(parts.purge);
    const closed = closeServer(server, startup.config.shutdownGraceMs);
    parts.eventStreams.closeAll();
    await closed;
    await parts.listener.stop();
    await parts.recovery;
    parts.ledger.close();
    startup.stores.db.close();
    log.info('gateway stopped');
  };
  return {
    app: parts.app,
    address: () => {
      const current = server.address();
      if (current === null || typeof current === 'string') {
        throw new Error('the gateway is not listening on a TCP port');
      }
      return current;
    },
    stop: () => (stopping ??= stop()),
  };
}

/**
 * Starts the gateway: opens SQLite, connects to the peers, enrolls the CA registrars and the org
 * administrators, follows chaincode events, listens for HTTP, and resolves the transactions a crash
 * left pending.
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
  const eventsReader = adminUsername(eventsOrgOf(config, profile));
  const stores = openStores(config);
  const startup: Startup = { config, overrides, log, profile, stores, metrics: createMetrics() };
  const ledger = connectLedger(startup);
  const hasher = overrides.hasher ?? createPasswordHasher();
  const identities: IdentityDeps = {
    authorities: certificateAuthorities(startup),
    vault: stores.vault,
    hasher,
    users: stores.users,
  };
  try {
    await enrollAdministrators(startup, identities);
  } catch (error) {
    ledger.close();
    stores.db.close();
    throw error;
  }
  const auth = authentication(startup, hasher);
  const idempotency = idempotencyStore(startup, ledger);
  const currencies = createCurrencyCache();
  const { feed, listener } = eventFollowing(startup, ledger, currencies, eventsReader);
  const eventStreams = createEventStreams({
    auth,
    eventLog: stores.eventLog,
    feed,
    ledger,
    queryTimeoutMs: config.requestTimeoutMs,
    maxStreams: config.maxEventStreams,
    heartbeatMs: config.sseHeartbeatMs,
  });
  const app = createApp({
    routes: apiRoutes(createUserEnrollment(identities), createRiskProjection(stores.eventLog)),
    routeDeps: { ledger, currencies, auth, idempotency, requestTimeoutMs: config.requestTimeoutMs },
    eventStreams,
    metrics: startup.metrics,
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
  const recovery = recoverJournal(startup, ledger, idempotency);
  const purge = setInterval(() => idempotency.purgeExpired(), 3_600_000);
  purge.unref();
  log.info({ address: server.address() }, 'gateway listening');
  return runningGateway({ startup, app, server, eventStreams, listener, recovery, ledger, purge });
}
