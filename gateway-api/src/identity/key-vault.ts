import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts private keys at rest (AES-256-GCM). */
export interface KeyVault {
  /**
   * Encrypts a secret, binding it to `context` (e.g. the user name) so that a sealed value copied
   * to another row does not open.
   */
  seal(plaintext: string, context: string): Buffer;
  /**
   * Decrypts a sealed secret.
   *
   * @throws Error when the value was tampered with, or sealed with another key or context
   */
  open(sealed: Buffer, context: string): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * Creates a vault on a 256-bit key. Sealed layout: version (1 byte) | IV (12) | tag (16) | ciphertext.
 *
 * @throws RangeError when the key is not 32 bytes
 */
export function createKeyVault(key: Buffer): KeyVault {
  if (key.length !== 32) {
    throw new RangeError('the key encryption key must be 32 bytes');
  }
  return {
    seal: (plaintext, context) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
    },
    open: (sealed, context) => {
      if (sealed.length <= HEADER_BYTES || sealed[0] !== VERSION) {
        throw new Error('not a sealed value of a known version');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + IV_BYTES));
      decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, HEADER_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
