import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Returns the secret stored in `path`, creating it (random, `bytes` long, mode 0600) on first use.
 * This is how the gateway gets safe defaults for its key-encryption key and token secret on the
 * local network without shipping any constant secret.
 *
 * @throws Error when an existing file does not hold exactly `bytes` bytes
 */
export function loadOrCreateSecret(path: string, bytes: number): Buffer {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(bytes), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const exists = typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST';
    if (!exists) {
      throw error;
    }
  }
  chmodSync(path, 0o600);
  const secret = readFileSync(path);
  if (secret.length !== bytes) {
    throw new Error(`${path} must hold exactly ${bytes} bytes`);
  }
  return secret;
}
