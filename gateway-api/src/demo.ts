/**
 * `npm run demo [base-url]`: drives the whole SCF story through the REST gateway only.
 * Base URL: the first argument, else `SCF_GATEWAY_URL`, else `http://127.0.0.1:3000`. The users it
 * enrols get `SCF_DEMO_PASSWORD` (at least 12 characters) as password when it is set, else a random one.
 * The orgs come from the network profile (`SCF_NETWORK_PROFILE`, else the one `./test-network.sh up` writes).
 */
import { DEFAULT_NETWORK_PROFILE } from './config/config';
import { loadNetworkProfile } from './config/network-profile';
import { createRestClient } from './demo/rest-client';
import { demoOrgs, runDemoStory } from './demo/story';

const baseUrl = process.argv[2] ?? process.env.SCF_GATEWAY_URL ?? 'http://127.0.0.1:3000';
const dueDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);

/** The reason of a failure, with the unreachable gateway spelled out (fetch only says "fetch failed"). */
function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') {
    return `no gateway answers at ${baseUrl} (start the network with ./test-network.sh up, or give the gateway's URL)`;
  }
  return error instanceof Error ? error.message : String(error);
}

process.stdout.write(`SCF Ledger demo against ${baseUrl}\n\n`);
Promise.resolve()
  .then(() =>
    runDemoStory(createRestClient(baseUrl), {
      orgs: demoOrgs(loadNetworkProfile(process.env.SCF_NETWORK_PROFILE ?? DEFAULT_NETWORK_PROFILE)),
      adminPassword: process.env.SCF_ADMIN_PASSWORD ?? 'adminpw',
      runId: Date.now().toString(36),
      dueDate,
      // A known password lets the demo's users log in to the web console afterwards.
      ...(process.env.SCF_DEMO_PASSWORD === undefined ? {} : { userPassword: process.env.SCF_DEMO_PASSWORD }),
      say: (line) => {
        process.stdout.write(`${line}\n`);
      },
    }),
  )
  .then(
    () => {
      process.stdout.write('\nDemo complete.\n');
    },
    (error: unknown) => {
      process.stderr.write(`Demo failed: ${describe(error)}\n`);
      process.exitCode = 1;
    },
  );
