import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  CreditLineView,
  FinancingRequestView,
  ParticipantView,
  Problem,
  ProvenanceTreeView,
  ReceivableView,
} from '../api/schemas';
import type { Route } from './route';

/** The OpenAPI document type produced by the generator. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const problem = (description: string): ResponseConfig => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

function problemResponses(route: Route): Record<number, ResponseConfig> {
  const responses: Record<number, ResponseConfig> = {
    400: problem('VALIDATION_FAILED: the request is invalid'),
  };
  if (route.method === 'post') {
    responses[413] = problem('PAYLOAD_TOO_LARGE: the body exceeds the size cap');
  }
  return {
    ...responses,
    ...(route.authenticated
      ? {
          401: problem('UNAUTHENTICATED: missing, invalid or expired token'),
          403: problem('FORBIDDEN: the user may not do this'),
          404: problem('NOT_FOUND: no such resource (or not visible to the user)'),
          409: problem('CONFLICT: wrong state, duplicate id, concurrent change (MVCC) or key in flight'),
          422: problem('LIMIT_EXCEEDED (credit line exhausted) or IDEMPOTENCY_KEY_REUSED'),
          502: problem('UPSTREAM_FAILED: the ledger rejected the transaction (e.g. endorsement policy)'),
          503: problem('UPSTREAM_UNAVAILABLE or OVERLOADED; see Retry-After'),
        }
      : {
          401: problem('UNAUTHENTICATED: invalid user name or password'),
          429: problem('RATE_LIMITED: too many failed attempts; see Retry-After'),
        }),
  };
}

/**
 * Generates the OpenAPI 3.1 document from the route declarations (the same schemas that validate
 * the requests), plus the event stream and the operational endpoints.
 */
export function buildOpenApiDocument(routes: readonly Route[], version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  // Each record's view is a component, whether or not an answer is that record alone; the
  // provenance refers to its recursive tree by this name.
  registry.register('Participant', ParticipantView);
  registry.register('CreditLine', CreditLineView);
  registry.register('Receivable', ReceivableView);
  registry.register('FinancingRequest', FinancingRequestView);
  registry.register('ProvenanceTree', ProvenanceTreeView);
  for (const route of routes) {
    registry.registerPath({
      ...route.openapi,
      responses: { ...route.openapi.responses, ...problemResponses(route) },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/v1/events',
    summary: 'Server-sent events of chaincode events the user may see; resumable with Last-Event-ID',
    tags: ['events'],
    security: [{ bearerAuth: [] }],
    request: { headers: z.object({ 'Last-Event-ID': z.string().optional() }) },
    responses: {
      200: {
        description: 'an event stream: `id` (resume point), `event` (chaincode event name), `data` (JSON)',
        content: { 'text/event-stream': { schema: z.string() } },
      },
      401: problem('UNAUTHENTICATED'),
      503: problem('OVERLOADED: too many open streams'),
    },
  });
  const plain = (path: string, summary: string, description: string): void => {
    registry.registerPath({
      method: 'get',
      path,
      summary,
      tags: ['operations'],
      responses: { 200: { description } },
    });
  };
  plain('/healthz', 'Liveness', 'the process is up');
  plain('/readyz', 'Readiness: every org peer is reachable', 'ready (503 when a peer is not)');
  plain('/metrics', 'Prometheus metrics', 'metrics in the Prometheus text format');
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'SCF Ledger REST gateway',
      version,
      description:
        'Supply-chain-finance receivables on Hyperledger Fabric. Errors are RFC 7807 problem documents with a stable `code`.',
    },
    servers: [{ url: '/' }],
  });
}
