import pino, { type Logger } from 'pino';

/** Paths never written to the logs. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.privateKey',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.enrollmentSecret',
  '*.registrarSecret',
];

/**
 * Creates the structured logger.
 *
 * @param level - the pino level (`silent` in tests)
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'scf-gateway' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
