import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Hashes and verifies passwords. */
export interface PasswordHasher {
  /** A salted hash of the password, self-describing (`scrypt$N$r$p$salt$hash`). */
  hash(password: string): Promise<string>;
  /**
   * Whether the password matches the hash, compared in constant time. With no hash (unknown user)
   * the same work is done against a dummy and the answer is `false`, so timing reveals nothing.
   */
  verify(password: string, encoded: string | undefined): Promise<boolean>;
}

/** scrypt cost parameters. */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

/** The production parameters (N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds). */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = {
  cost: 2 ** 15,
  blockSize: 8,
  parallelization: 1,
};

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelization,
    maxmem: 256 * parameters.cost * parameters.blockSize,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => {
      if (error === null) {
        resolve(key);
      } else {
        reject(error);
      }
    });
  });
}

interface ParsedHash {
  readonly parameters: ScryptParameters;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parse(encoded: string): ParsedHash | undefined {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (match === null) {
    return undefined;
  }
  const [, cost, blockSize, parallelization, salt, key] = match;
  return {
    parameters: {
      cost: Number(cost),
      blockSize: Number(blockSize),
      parallelization: Number(parallelization),
    },
    salt: Buffer.from(salt ?? '', 'base64'),
    key: Buffer.from(key ?? '', 'base64'),
  };
}

/** Creates an scrypt hasher (node:crypto) with a random salt per password. */
export function createPasswordHasher(
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): PasswordHasher {
  const encode = (salt: Buffer, key: Buffer): string =>
    `scrypt$${parameters.cost}$${parameters.blockSize}$${parameters.parallelization}$${salt.toString('base64')}$${key.toString('base64')}`;
  const dummy: ParsedHash = { parameters, salt: randomBytes(SALT_BYTES), key: randomBytes(KEY_BYTES) };

  return {
    hash: async (password) => {
      const salt = randomBytes(SALT_BYTES);
      return encode(salt, await derive(password, salt, parameters));
    },
    verify: async (password, encoded) => {
      const stored = encoded === undefined ? undefined : parse(encoded);
      const against = stored ?? dummy;
      const key = await derive(password, against.salt, against.parameters);
      return stored !== undefined && key.length === stored.key.length && timingSafeEqual(key, stored.key);
    },
  };
}
