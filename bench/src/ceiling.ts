import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ordererArgs, peerAs } from './cli';
import { benchDir, orgRow, peerOrgs, type Settings } from './settings';

/** The ceiling chaincode's name and version on the channel. */
export const CEILING = 'ceiling';
const VERSION = '1';

/** OR of every peer org's peer, like receivables' chaincode-level policy. */
function policy(settings: Settings): string {
  return `OR(${peerOrgs(settings)
    .map((org) => `'${orgRow(settings, org).mspId}.peer'`)
    .join(',')})`;
}

/** Bundles bench/ceiling-chaincode/chaincode.js with fabric-shim into a dependency-free package folder. */
async function packageCeiling(): Promise<string> {
  const out = join(benchDir, 'dist', 'ceiling-package');
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(benchDir, 'ceiling-chaincode', 'chaincode.js')],
    outfile: join(out, 'chaincode.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'error',
  });
  const manifest = {
    name: 'ceiling-chaincode',
    version: `${VERSION}.0.0`,
    private: true,
    license: 'Apache-2.0',
    main: 'chaincode.js',
    scripts: { start: 'node chaincode.js' },
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return out;
}

async function instantiated(settings: Settings, org: string): Promise<boolean> {
  const list = await peerAs(settings, org, [
    'chaincode',
    'list',
    '--instantiated',
    '-C',
    settings.topology.channel,
  ]);
  return new RegExp(`^Name: ${CEILING}, Version: `, 'm').test(list.stdout);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Installs the ceiling chaincode on every peer (each as its org's admin) and instantiates it on the
 * channel, unless it already is; then starts its container on every peer (first call). Idempotent.
 */
export async function deployCeiling(settings: Settings, log: (line: string) => void): Promise<void> {
  const creator = peerOrgs(settings)[0] ?? 'enterprise';
  const { channel } = settings.topology;
  if (!(await instantiated(settings, creator))) {
    const dir = await packageCeiling();
    for (const org of peerOrgs(settings)) {
      const installed = await peerAs(settings, org, ['chaincode', 'list', '--installed']);
      if (new RegExp(`^Name: ${CEILING}, Version: ${VERSION},`, 'm').test(installed.stdout)) continue;
      const result = await peerAs(settings, org, [
        'chaincode',
        'install',
        '-n',
        CEILING,
        '-v',
        VERSION,
        '-l',
        'node',
        '-p',
        dir,
      ]);
      if (result.code !== 0) throw new Error(`install of ${CEILING} on ${org} failed: ${result.stderr}`);
    }
    log(`instantiating ${CEILING} ${VERSION} (policy ${policy(settings)})`);
    const result = await peerAs(settings, creator, [
      'chaincode',
      'instantiate',
      '-C',
      channel,
      '-n',
      CEILING,
      '-v',
      VERSION,
      '-l',
      'node',
      '-c',
      '{"Args":[]}',
      '-P',
      policy(settings),
      ...ordererArgs(settings, creator),
    ]);
    if (result.code !== 0 && !/already exists/.test(result.stderr)) {
      throw new Error(`instantiate of ${CEILING} failed: ${result.stderr}`);
    }
    for (let waited = 0; !(await instantiated(settings, creator)); waited += 1) {
      if (waited > 120) throw new Error(`${CEILING} not instantiated after 120 s`);
      await pause(1000);
    }
  }
  // Each peer builds and starts its container at its first call: do it now, not during the run.
  await Promise.all(
    peerOrgs(settings).map(async (org) => {
      const result = await peerAs(settings, org, [
        'chaincode',
        'query',
        '-C',
        channel,
        '-n',
        CEILING,
        '-c',
        '{"Args":["get","warm-up"]}',
      ]);
      if (result.code !== 0) throw new Error(`${CEILING} did not start on ${org}: ${result.stderr}`);
    }),
  );
}
