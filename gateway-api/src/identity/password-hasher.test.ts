import { createPasswordHasher } from './password-hasher';

const hasher = createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });

test('hashes with a fresh salt and verifies', async () => {
  const first = await hasher.hash('correct horse');
  const second = await hasher.hash('correct horse');
  expect(first).toMatch(/^scrypt\$1024\$8\$1\$/);
  expect(first).not.toBe(second);
  expect(first).not.toContain('correct horse');
  await expect(hasher.verify('correct horse', first)).resolves.toBe(true);
  await expect(hasher.verify('correct horsE', first)).resolves.toBe(false);
});

test('verifies a hash made with other parameters (they are stored with it)', async () => {
  const stronger = await createPasswordHasher({ cost: 2 ** 11, blockSize: 8, parallelization: 1 }).hash('pw');
  await expect(hasher.verify('pw', stronger)).resolves.toBe(true);
});

test('no hash or a malformed one never verifies', async () => {
  await expect(hasher.verify('anything', undefined)).resolves.toBe(false);
  await expect(hasher.verify('anything', 'plain-text')).resolves.toBe(false);
});
