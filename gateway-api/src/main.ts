import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './observability/logger';
import { startGateway } from './runtime/gateway';

/** Entry point: `node dist/main.js`. Exits 1 on a bad configuration or a failed start. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const gateway = await startGateway(config, { log });
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutdown requested');
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  const log = createLogger('info');
  log.fatal({ err: error }, error instanceof ConfigError ? error.message : 'the gateway failed to start');
  process.exit(1);
});
