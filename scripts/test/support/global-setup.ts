import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { network, parseStatus, repoRoot } from './network';

/** Whether a reused network runs every node (its engine aside, which may be external). */
async function everyNodeRuns(): Promise<boolean> {
  const status = await network(['status'], 120_000);
  const nodes = [...parseStatus(status.stdout)].filter(([name]) => name !== 'engine');
  return status.code === 0 && nodes.length > 0 && nodes.every(([, row]) => row.state === 'running');
}

/**
 * Starts the one real network that every integration suite of this test run shares:
 * `./test-network.sh up` of the five-org topology in a throwaway state folder on ports shifted by
 * 500, so a developer's own network keeps running beside it. `SCF_TEST_STATE` names an already running test network
 * to reuse (it is then left running, and `up` runs on it only when a node is down). The engine of a developer's running network is reused,
 * since two engines cannot share one image cache.
 */
export default async function globalSetup(): Promise<void> {
  process.env.SCF_PORT_OFFSET ??= '500';
  const reuse = process.env.SCF_TEST_STATE;
  if (reuse !== undefined && reuse !== '') {
    process.env.SCF_STATE = reuse;
    process.env.SCF_TEST_OWNS_NETWORK = 'false';
  } else {
    // Short: the engine's unix sockets live under it (108-byte limit).
    process.env.SCF_STATE = mkdtempSync('/tmp/scf-it-');
    process.env.SCF_TEST_OWNS_NETWORK = 'true';
    // Five orgs, one more bank than the default: adding an org is configuration only
    // (gateway-api/integration/fifth-org.test.ts runs a financing through it). `up` records it, so
    // every later command on this state uses it too.
    process.env.SCF_TOPOLOGY ??= join(repoRoot, 'network', 'topology-five-orgs.sh');
  }
  // Where the reliability suites record their figures for RELIABILITY.md (the teardown renders it).
  process.env.SCF_RELIABILITY_DIR = mkdtempSync('/tmp/scf-rel-');
  const developerEngine = join(repoRoot, '.scf', 'engine', 'docker.sock');
  if (process.env.DOCKER_HOST === undefined && existsSync(developerEngine)) {
    process.env.DOCKER_HOST = `unix://${developerEngine}`;
  }
  const started = Date.now();
  if (process.env.SCF_TEST_OWNS_NETWORK === 'false' && (await everyNodeRuns())) {
    process.stderr.write(`\n[integration] reusing the running network at ${process.env.SCF_STATE}\n`);
    return;
  }
  const result = await network(['up'], 3_000_000);
  if (result.code !== 0) {
    // Jest runs no teardown after a failed setup: end what the failed `up` started.
    if (process.env.SCF_TEST_OWNS_NETWORK === 'true') await network(['down'], 300_000);
    throw new Error(`./test-network.sh up failed (exit ${result.code}):\n${result.stderr.slice(-6000)}`);
  }
  process.stderr.write(
    `\n[integration] network up in ${Math.round((Date.now() - started) / 1000)} s at ${process.env.SCF_STATE}\n`,
  );
}
