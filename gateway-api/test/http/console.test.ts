import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { DEFAULT_CONSOLE_DIR, serveConsole } from '../../src/http/console';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { problem } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
});
afterAll(() => gateway.stop());

describe('the web console at /', () => {
  test('is served on the API origin under the gateway security headers (script from self only)', async () => {
    const response = await request(gateway.app).get('/');
    expect({ status: response.status, type: response.type, built: DEFAULT_CONSOLE_DIR }).toEqual({
      status: 200,
      type: 'text/html',
      built: DEFAULT_CONSOLE_DIR,
    });
    expect(response.text).toContain('<div id="root"></div>');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  test('leaves the API, its docs and its 404 problem documents as they were', async () => {
    expect((await request(gateway.app).get('/api/docs/')).status).toBe(200);
    expect((await request(gateway.app).get('/api/openapi.json')).body).toHaveProperty('paths./api/v1/me');
    const unknown = await request(gateway.app).get('/api/v1/nothing-here');
    expect({ status: unknown.status, code: problem(unknown).code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(problem(await request(gateway.app).get('/no-such-page')).code).toBe('NOT_FOUND');
  });
});

describe('serveConsole', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scf-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'export {}');
    writeFileSync(join(dir, '.secret'), 'no');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const appOf = (root: string): express.Express => {
    const app = express();
    const handler = serveConsole(root);
    if (handler !== undefined) app.use(handler);
    app.use((_request, response) => {
      response.status(404).send('fell through');
    });
    return app;
  };

  test('hashed assets are cached for good, dot files and folders are not served', async () => {
    const app = appOf(dir);
    const asset = await request(app).get('/assets/index-abc.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(app).get('/.secret')).text).toBe('fell through');
    expect((await request(app).get('/assets')).text).toBe('fell through');
  });

  test('an unbuilt console is simply not served', () => {
    expect(serveConsole(join(dir, 'missing'))).toBeUndefined();
  });
});

describe('GET /api/v1/me', () => {
  test('names the user, its participant and role', async () => {
    const response = await request(gateway.app).get('/api/v1/me').set(bearer(tokens.sup1Viewer));
    expect(response.body).toEqual({
      username: 'sup1.view@enterprise',
      org: 'enterprise',
      mspId: 'EnterpriseMSP',
      participantId: 'SUP1',
      role: 'viewer',
    });
  });

  test('an org administrator acts for no participant', async () => {
    const response = await request(gateway.app).get('/api/v1/me').set(bearer(tokens.enterpriseAdmin));
    expect(response.body).toMatchObject({ username: 'admin@enterprise', participantId: null, role: 'admin' });
  });

  test('needs a token', async () => {
    expect(problem(await request(gateway.app).get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/v1/risk', () => {
  test('is refused to anyone outside the auditor org', async () => {
    for (const token of [tokens.sup1, tokens.bankA, tokens.enterpriseAdmin]) {
      const response = await request(gateway.app).get('/api/v1/risk').set(bearer(token));
      expect({ status: response.status, code: problem(response).code }).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
    }
  });

  test('answers the auditors the figures of the event log', async () => {
    const response = await request(gateway.app).get('/api/v1/risk').set(bearer(tokens.auditor));
    expect(response.status).toBe(200);
    expect(Object.keys(response.body as object).sort()).toEqual([
      'asOfEventId',
      'byBank',
      'byHolder',
      'dueSoon',
      'overdue',
      'utilization',
    ]);
  });
});
