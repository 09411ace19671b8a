import { rmSync } from 'node:fs';
import { network } from './network';

/** Takes down the network the global setup started (a reused one is left running). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.SCF_TEST_OWNS_NETWORK !== 'true') return;
  const result = await network(['down'], 300_000);
  if (result.code !== 0) {
    throw new Error(`./test-network.sh down failed (exit ${result.code}):\n${result.stderr.slice(-4000)}`);
  }
  rmSync(process.env.SCF_STATE ?? '', { recursive: true, force: true });
}
