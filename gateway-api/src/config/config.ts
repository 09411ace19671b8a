import { resolve } from 'node:path';
import { z } from 'zod';
import { ORG_KEY_PATTERN } from '../domain/orgs';

/** The repository root (`gateway-api/..`), the same from `src/config` and `dist/config`. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where `./test-network.sh up` writes the network profile. */
export const DEFAULT_NETWORK_PROFILE = resolve(REPO_ROOT, '.scf', 'network', 'profile.json');

const blankToUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

const text = (fallback: string): z.ZodType<string> =>
  z.preprocess(blankToUndefined, z.string().min(1).default(fallback));

const optionalText = z.preprocess(blankToUndefined, z.string().min(1).optional());

const integer = (fallback: number, min: number, max: number): z.ZodType<number> =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const flag = z.preprocess(
  blankToUndefined,
  z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
);

const base64Key = z.preprocess(
  blankToUndefined,
  z
    .base64()
    .transform((value) => Buffer.from(value, 'base64'))
    .refine((key) => key.length === 32, 'must be the base64 of exactly 32 bytes')
    .optional(),
);

const jwtSecret = z.preprocess(
  blankToUndefined,
  z
    .string()
    .min(32, 'must be at least 32 characters')
    .transform((value) => Buffer.from(value, 'utf8'))
    .optional(),
);

/** The well-known default password of the local network (Fabric CA's sample bootstrap secret). */
export const LOCAL_DEFAULT_PASSWORD = 'adminpw';

const DEV_MODE_HINT = 'or set SCF_DEV_MODE=true for local development only';

const EnvSchema = z
  .object({
    SCF_HOST: text('127.0.0.1'),
    SCF_PORT: integer(3000, 0, 65535),
    SCF_NETWORK_PROFILE: text(DEFAULT_NETWORK_PROFILE),
    SCF_GATEWAY_DATA_DIR: text(resolve(REPO_ROOT, '.scf', 'gateway')),
    SCF_DEV_MODE: flag,
    SCF_CA_REGISTRAR_SECRET: optionalText,
    SCF_ADMIN_PASSWORD: optionalText,
    SCF_CA_TIMEOUT_MS: integer(15_000, 1_000, 300_000),
    SCF_KEY_ENCRYPTION_KEY: base64Key,
    SCF_JWT_SECRET: jwtSecret,
    SCF_TOKEN_TTL_SECONDS: integer(900, 60, 86_400),
    SCF_TOKEN_ISSUER: text('scf-gateway'),
    SCF_TOKEN_AUDIENCE: text('scf-gateway-api'),
    SCF_OIDC_ISSUER: optionalText,
    SCF_OIDC_JWKS_URI: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    SCF_OIDC_AUDIENCE: optionalText,
    SCF_OIDC_USERNAME_CLAIM: text('preferred_username'),
    SCF_LOG_LEVEL: z.preprocess(
      blankToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    SCF_BODY_LIMIT_BYTES: integer(65_536, 1_024, 10_485_760),
    SCF_REQUEST_TIMEOUT_MS: integer(30_000, 1_000, 600_000),
    SCF_MAX_INFLIGHT_SUBMITS: integer(64, 1, 10_000),
    SCF_MAX_INFLIGHT_WRITES: integer(64, 1, 10_000),
    SCF_ENDORSE_RETRIES: integer(3, 0, 10),
    SCF_LOGIN_MAX_ATTEMPTS: integer(5, 1, 1_000),
    SCF_LOGIN_WINDOW_SECONDS: integer(900, 1, 86_400),
    SCF_EVENTS_ORG: z.preprocess(
      blankToUndefined,
      z.string().regex(ORG_KEY_PATTERN, 'must be an org key of the network profile').optional(),
    ),
    SCF_MAX_EVENT_STREAMS: integer(100, 1, 10_000),
    SCF_SSE_HEARTBEAT_MS: integer(15_000, 1_000, 300_000),
    SCF_IDEMPOTENCY_TTL_SECONDS: integer(86_400, 60, 2_592_000),
    SCF_IDEMPOTENCY_WAIT_MS: integer(5_000, 0, 60_000),
    SCF_RECOVERY_TIMEOUT_MS: integer(30_000, 1_000, 600_000),
    SCF_STARTUP_TIMEOUT_MS: integer(60_000, 1_000, 600_000),
    SCF_SHUTDOWN_GRACE_MS: integer(10_000, 0, 600_000),
    SCF_TRUST_PROXY: flag,
  })
  .superRefine((env, context) => {
    if (!env.SCF_DEV_MODE) {
      for (const name of ['SCF_ADMIN_PASSWORD', 'SCF_CA_REGISTRAR_SECRET'] as const) {
        const value = env[name];
        if (value === undefined || value === LOCAL_DEFAULT_PASSWORD) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: `${name} must be set to a secret other than the default "${LOCAL_DEFAULT_PASSWORD}" (${DEV_MODE_HINT})`,
          });
        }
      }
      if (env.SCF_JWT_SECRET === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['SCF_JWT_SECRET'],
          message: `SCF_JWT_SECRET must be set: the token signing secret is not generated outside local development (${DEV_MODE_HINT})`,
        });
      }
    }
    const oidc = [env.SCF_OIDC_ISSUER, env.SCF_OIDC_JWKS_URI, env.SCF_OIDC_AUDIENCE];
    const given = oidc.filter((value) => value !== undefined).length;
    if (given !== 0 && given !== oidc.length) {
      context.addIssue({
        code: 'custom',
        path: ['SCF_OIDC_ISSUER'],
        message: 'SCF_OIDC_ISSUER, SCF_OIDC_JWKS_URI and SCF_OIDC_AUDIENCE must be set together',
      });
    }
  })
  .transform((env) => ({
    host: env.SCF_HOST,
    port: env.SCF_PORT,
    networkProfilePath: resolve(env.SCF_NETWORK_PROFILE),
    dataDir: resolve(env.SCF_GATEWAY_DATA_DIR),
    devMode: env.SCF_DEV_MODE,
    caRegistrarSecret: env.SCF_CA_REGISTRAR_SECRET ?? LOCAL_DEFAULT_PASSWORD,
    adminPassword: env.SCF_ADMIN_PASSWORD ?? LOCAL_DEFAULT_PASSWORD,
    caTimeoutMs: env.SCF_CA_TIMEOUT_MS,
    keyEncryptionKey: env.SCF_KEY_ENCRYPTION_KEY,
    jwtSecret: env.SCF_JWT_SECRET,
    token: {
      ttlSeconds: env.SCF_TOKEN_TTL_SECONDS,
      issuer: env.SCF_TOKEN_ISSUER,
      audience: env.SCF_TOKEN_AUDIENCE,
    },
    oidc:
      env.SCF_OIDC_ISSUER !== undefined &&
      env.SCF_OIDC_JWKS_URI !== undefined &&
      env.SCF_OIDC_AUDIENCE !== undefined
        ? {
            issuer: env.SCF_OIDC_ISSUER,
            jwksUri: env.SCF_OIDC_JWKS_URI,
            audience: env.SCF_OIDC_AUDIENCE,
            usernameClaim: env.SCF_OIDC_USERNAME_CLAIM,
          }
        : undefined,
    logLevel: env.SCF_LOG_LEVEL,
    bodyLimitBytes: env.SCF_BODY_LIMIT_BYTES,
    requestTimeoutMs: env.SCF_REQUEST_TIMEOUT_MS,
    maxInFlightSubmits: env.SCF_MAX_INFLIGHT_SUBMITS,
    maxInFlightWrites: env.SCF_MAX_INFLIGHT_WRITES,
    endorseRetries: env.SCF_ENDORSE_RETRIES,
    login: { maxAttempts: env.SCF_LOGIN_MAX_ATTEMPTS, windowSeconds: env.SCF_LOGIN_WINDOW_SECONDS },
    eventsOrg: env.SCF_EVENTS_ORG,
    maxEventStreams: env.SCF_MAX_EVENT_STREAMS,
    sseHeartbeatMs: env.SCF_SSE_HEARTBEAT_MS,
    idempotencyTtlSeconds: env.SCF_IDEMPOTENCY_TTL_SECONDS,
    idempotencyWaitMs: env.SCF_IDEMPOTENCY_WAIT_MS,
    recoveryTimeoutMs: env.SCF_RECOVERY_TIMEOUT_MS,
    startupTimeoutMs: env.SCF_STARTUP_TIMEOUT_MS,
    shutdownGraceMs: env.SCF_SHUTDOWN_GRACE_MS,
    trustProxy: env.SCF_TRUST_PROXY,
  }));

/** The gateway's configuration, read from `SCF_*` environment variables (see README). */
export type GatewayConfig = Readonly<z.output<typeof EnvSchema>>;

/** An external OpenID Connect issuer whose tokens the gateway accepts. */
export type OidcConfig = NonNullable<GatewayConfig['oidc']>;

/** The environment does not describe a valid configuration; the gateway refuses to start. */
export class ConfigError extends Error {
  override readonly name = ConfigError.name;
}

/**
 * Reads the configuration from environment variables, applying the documented defaults.
 *
 * @param env - the environment, `process.env` by default
 * @throws ConfigError naming every invalid variable
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): GatewayConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`invalid configuration:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
