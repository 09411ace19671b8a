/* global console, process */
/**
 * Builds the deployable chaincode package, chaincode/package/ (git-ignored):
 *
 *   package/package.json  name, version (chaincode/package.json's), `start` script, NO dependencies
 *   package/chaincode.js  the contract (dist/, compiled by tsc with decorator metadata) bundled with
 *                         fabric-shim, fabric-contract-api and all their dependencies
 *
 * A Fabric 1.4 peer packs this folder (`peer chaincode install -l node -p chaincode/package`), runs
 * `npm install --production` on it in its builder image (nothing to download) and starts the
 * container with `npm start -- --peer.address …`. Run through `npm run package --workspace chaincode`,
 * which compiles dist/ first; `node packaging/build.mjs DIR` writes the package to DIR instead.
 */
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const out = resolve(process.argv[2] ?? join(root, 'package'));
const bundle = 'chaincode.js';

const { name, version, description, license } = JSON.parse(
  await readFile(join(root, 'package.json'), 'utf8'),
);

// Replace only what this script writes: never wipe a folder holding anything else.
const existing = await readdir(out).catch(() => []);
const foreign = existing.filter((entry) => entry !== 'package.json' && entry !== bundle);
if (foreign.length > 0) {
  throw new Error(`${out} holds other files (${foreign.join(', ')}): not overwriting it`);
}
await rm(out, { recursive: true, force: true });
await mkdir(out);
const { warnings } = await build({
  entryPoints: [join(here, 'entry.js')],
  outfile: join(out, bundle),
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  // Readable stack traces in the peer's logs; parameter names stay as written (contract metadata).
  minify: false,
  legalComments: 'eof',
  logLevel: 'warning',
});
if (warnings.length > 0) {
  throw new Error(`esbuild warned ${warnings.length} time(s): the bundle may miss a module`);
}
const manifest = {
  name,
  version,
  description: `${description} (bundled: no dependencies to install)`,
  license,
  private: true,
  main: bundle,
  engines: { node: '>=18' },
  scripts: { start: `node ${bundle} start` },
};
await writeFile(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const { size } = await stat(join(out, bundle));
console.log(`${out}: ${name}@${version}, ${bundle} ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)`);
