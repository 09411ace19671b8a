import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { Metrics } from '../observability/metrics';
import { admitWrites } from './admission';
import { serveConsole } from './console';
import { createErrorHandler, notFound, sendProblem } from './error-handler';
import type { EventStreams } from './event-stream';
import { buildOpenApiDocument } from './openapi';
import { generateRequestId } from './request-id';
import { labelRoute, recordRequestDuration } from './request-metrics';
import { expressPath, type Route, type RouteDeps } from './route';

/** Options of {@link createApp}. */
export interface AppOptions {
  readonly routes: readonly Route[];
  readonly routeDeps: RouteDeps;
  readonly eventStreams: EventStreams;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Write requests in flight beyond this are refused with 503 OVERLOADED (http/admission.ts). */
  readonly maxInFlightWrites: number;
  /** Bodies larger than this are refused with 413. */
  readonly bodyLimitBytes: number;
  /** Whether `X-Forwarded-For` names the client (behind a trusted proxy). */
  readonly trustProxy: boolean;
  /** The API version shown in the OpenAPI document. */
  readonly version: string;
  /** How long `/readyz` waits for the peers. */
  readonly readinessTimeoutMs?: number;
  /** The built web console served at `/` (none: not served). */
  readonly consoleDir?: string;
}

/**
 * Assembles the Express application: request ids and logs, security headers, metrics, the JSON
 * body cap, operations endpoints, the OpenAPI document and docs, the API routes, and the one error
 * middleware; and the web console at `/`.
 */
export function createApp(options: Readonly<AppOptions>): Express {
  const { metrics, routeDeps } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');

  app.use(pinoHttp({ logger: options.log, genReqId: generateRequestId, quietReqLogger: true }));
  app.use(helmet());
  app.use(recordRequestDuration(metrics));
  app.use(
    express.json({
      limit: options.bodyLimitBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );

  app.get('/healthz', labelRoute('/healthz'), (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', labelRoute('/readyz'), async (request, response) => {
    const peers = await routeDeps.ledger.checkPeers(
      new Date(Date.now() + (options.readinessTimeoutMs ?? 2_000)),
    );
    const ready = peers.every((peer) => peer.reachable);
    if (ready) {
      response.json({ status: 'ready', peers });
    } else {
      response.set('Retry-After', '5');
      sendProblem(request, response, {
        code: 'UPSTREAM_UNAVAILABLE',
        detail: `unreachable peers: ${peers
          .filter((peer) => !peer.reachable)
          .map((peer) => peer.org)
          .join(', ')}`,
        extensions: { peers },
      });
    }
  });
  app.get('/metrics', labelRoute('/metrics'), async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const document = buildOpenApiDocument(options.routes, options.version);
  app.get('/api/openapi.json', labelRoute('/api/openapi.json'), (_request, response) => {
    response.json(document);
  });
  app.use('/api/docs', labelRoute('/api/docs'), swaggerUi.serve, swaggerUi.setup(document));

  const api = express.Router({ strict: true });
  api.use(admitWrites({ maxInFlight: options.maxInFlightWrites, retryAfterSeconds: 1 }));
  for (const route of options.routes) {
    api[route.method](expressPath(route.path), labelRoute(`/api/v1${route.path}`), route.handler(routeDeps));
  }
  api.get('/events', labelRoute('/api/v1/events'), options.eventStreams.handler);
  app.use('/api/v1', api);
  const consoleFiles = options.consoleDir === undefined ? undefined : serveConsole(options.consoleDir);
  if (consoleFiles !== undefined) {
    app.use(consoleFiles);
  }

  app.use(notFound);
  app.use(createErrorHandler(options.log));
  return app;
}
