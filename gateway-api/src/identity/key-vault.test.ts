import { randomBytes } from 'node:crypto';
import { createKeyVault } from './key-vault';

const vault = createKeyVault(randomBytes(32));
const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----\n';

test('seals (not plaintext) and opens', () => {
  const sealed = vault.seal(PEM, 'ops@enterprise');
  expect(sealed.toString('latin1')).not.toContain('PRIVATE KEY');
  expect(vault.open(sealed, 'ops@enterprise')).toBe(PEM);
  expect(vault.seal(PEM, 'ops@enterprise').equals(sealed)).toBe(false);
});

test('refuses another context, another key, and tampering', () => {
  const sealed = vault.seal(PEM, 'ops@enterprise');
  expect(() => vault.open(sealed, 'ops@banka')).toThrow();
  expect(() => createKeyVault(randomBytes(32)).open(sealed, 'ops@enterprise')).toThrow();
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
  expect(() => vault.open(tampered, 'ops@enterprise')).toThrow();
  expect(() => vault.open(Buffer.from('short'), 'ops@enterprise')).toThrow(/known version/);
});

test('needs a 256-bit key', () => {
  expect(() => createKeyVault(randomBytes(16))).toThrow(RangeError);
});
