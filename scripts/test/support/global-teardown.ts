import { rmSync } from 'node:fs';
import { writeReliabilityReport } from '../../../gateway-api/integration/reliability/support/report';
import { network, repoRoot } from './network';

/**
 * Renders RELIABILITY.md from the figures the reliability suites recorded, then takes down the
 * network the global setup started (a reused one is left running).
 */
export default async function globalTeardown(): Promise<void> {
  const figures = process.env.SCF_RELIABILITY_DIR;
  writeReliabilityReport(figures, repoRoot);
  if (figures !== undefined) rmSync(figures, { recursive: true, force: true });
  if (process.env.SCF_TEST_OWNS_NETWORK !== 'true') return;
  const result = await network(['down'], 300_000);
  if (result.code !== 0) {
    throw new Error(`./test-network.sh down failed (exit ${result.code}):\n${result.stderr.slice(-4000)}`);
  }
  rmSync(process.env.SCF_STATE ?? '', { recursive: true, force: true });
}
