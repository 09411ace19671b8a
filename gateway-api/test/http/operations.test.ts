import request from 'supertest';
import { z } from 'zod';
import { bearer, startTestGateway, type TestGateway } from '../support/test-gateway';
import { arrayContaining, body, containing, problem } from '../support/responses';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

test('GET /healthz', async () => {
  const response = await request(gateway.app).get('/healthz');
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ status: 'ok' });
});

test('GET /readyz: 200 when every peer answers, 503 otherwise', async () => {
  const ready = await request(gateway.app).get('/readyz');
  expect(ready.status).toBe(200);
  gateway.ledger.peersReachable = false;
  const unready = await request(gateway.app).get('/readyz');
  gateway.ledger.peersReachable = true;
  expect(unready.status).toBe(503);
  expect(problem(unready).code).toBe('UPSTREAM_UNAVAILABLE');
  expect(unready.headers['retry-after']).toBe('5');
});

test('GET /metrics exposes request durations by route, Fabric timings and the in-flight gauge', async () => {
  await request(gateway.app).get('/api/v1/participants/P1');
  const response = await request(gateway.app).get('/metrics');
  expect(response.status).toBe(200);
  expect(response.text).toContain('scf_http_request_duration_seconds_bucket');
  expect(response.text).toContain('route="/api/v1/participants/{id}"');
  expect(response.text).toContain('scf_fabric_submit_duration_seconds');
  expect(response.text).toContain('scf_fabric_commit_duration_seconds');
  expect(response.text).toContain('scf_fabric_inflight_submits');
});

test('GET /api/openapi.json is generated from the route schemas', async () => {
  const response = await request(gateway.app).get('/api/openapi.json');
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({
    openapi: '3.1.0',
    components: {
      schemas: {
        IssueReceivableRequest: {
          additionalProperties: false,
          required: arrayContaining(['creditorId', 'amount', 'currency', 'dueDate']),
        },
      },
    },
    paths: {
      '/api/v1/receivables': {
        get: {
          parameters: arrayContaining([containing({ name: 'limit', schema: containing({ maximum: 100 }) })]),
        },
        post: {
          responses: { '409': { content: containing({ 'application/problem+json': containing({}) }) } },
        },
      },
    },
  });
  const { paths } = body(response, z.object({ paths: z.record(z.string(), z.unknown()) }));
  expect(Object.keys(paths)).toEqual(
    arrayContaining([
      '/api/v1/auth/token',
      '/api/v1/participants',
      '/api/v1/participants/{id}',
      '/api/v1/participants/{id}/users',
      '/api/v1/participants/{id}/suspend',
      '/api/v1/participants/{id}/reinstate',
      '/api/v1/credit-lines',
      '/api/v1/receivables',
      '/api/v1/receivables/{id}',
      '/api/v1/receivables/{id}/accept',
      '/api/v1/receivables/{id}/reject',
      '/api/v1/receivables/{id}/transfer',
      '/api/v1/receivables/{id}/split',
      '/api/v1/receivables/{id}/financing-requests',
      '/api/v1/receivables/{id}/settle',
      '/api/v1/receivables/{id}/provenance',
      '/api/v1/receivables/{id}/history',
      '/api/v1/financing-requests/{id}/approve',
      '/api/v1/financing-requests/{id}/reject',
      '/api/v1/transactions/{txId}',
      '/api/v1/events',
    ]),
  );
});

test('GET /api/docs serves the interactive documentation', async () => {
  const response = await request(gateway.app).get('/api/docs/');
  expect(response.status).toBe(200);
  expect(response.text).toContain('swagger-ui');
});

test('security headers are set and requests carry an id', async () => {
  const response = await request(gateway.app).get('/healthz').set('X-Request-Id', 'abc-123');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers['x-request-id']).toBe('abc-123');
});

test('an anonymous request to the event stream → 401', async () => {
  const response = await request(gateway.app).get('/api/v1/events').set(bearer('nope'));
  expect(response.status).toBe(401);
});
