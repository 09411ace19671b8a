import { SignJWT } from 'jose';
import request from 'supertest';
import { TEST_ENV, bearer, startTestGateway, type TestGateway } from '../support/test-gateway';
import { anyString, containing, problem } from '../support/responses';

let gateway: TestGateway;
const secret = new TextEncoder().encode(TEST_ENV.SCF_JWT_SECRET);

beforeAll(async () => {
  gateway = await startTestGateway({ SCF_LOGIN_MAX_ATTEMPTS: '3', SCF_LOGIN_WINDOW_SECONDS: '600' });
  gateway.ledger.on('ListParticipants', () => ({ items: [], bookmark: '', fetched: 0 }));
});
afterAll(() => gateway.stop());

const sign = (claims: { sub: string; exp: number | string }, key: Uint8Array = secret): Promise<string> =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer('scf-gateway')
    .setAudience('scf-gateway-api')
    .setIssuedAt()
    .setExpirationTime(claims.exp)
    .sign(key);

describe('POST /api/v1/auth/token', () => {
  test('returns a bearer token for a valid password', async () => {
    const response = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'admin@banka', password: 'adminpw' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accessToken: anyString, tokenType: 'Bearer', expiresIn: 900 });
  });

  test('refuses a wrong password with a problem document', async () => {
    const response = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'admin@bankb', password: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      instance: '/api/v1/auth/token',
    });
    expect(response.headers['x-request-id']).toEqual(problem(response).requestId);
  });

  test('refuses unknown fields', async () => {
    const response = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'admin@bankb', password: 'adminpw', remember: true });
    expect(response.status).toBe(400);
    expect(problem(response).code).toBe('VALIDATION_FAILED');
    expect(problem(response).errors).toEqual([containing({ path: 'body' })]);
  });

  test('rate-limits brute force with 429 and Retry-After, even for the right password', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failed = await request(gateway.app)
        .post('/api/v1/auth/token')
        .send({ username: 'admin@auditor', password: `guess-${attempt}` });
      expect(failed.status).toBe(401);
    }
    const limited = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'admin@auditor', password: 'adminpw' });
    expect(limited.status).toBe(429);
    expect(problem(limited).code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('authentication of API calls', () => {
  test('no token → 401', async () => {
    const response = await request(gateway.app).get('/api/v1/participants');
    expect(response.status).toBe(401);
    expect(problem(response).code).toBe('UNAUTHENTICATED');
  });

  test('not a bearer token → 401', async () => {
    const response = await request(gateway.app)
      .get('/api/v1/participants')
      .set('Authorization', 'Basic YTpi');
    expect(response.status).toBe(401);
  });

  test('a valid token → 200', async () => {
    const token = await sign({ sub: 'admin@enterprise', exp: '5m' });
    const response = await request(gateway.app).get('/api/v1/participants').set(bearer(token));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  test('an expired token → 401', async () => {
    const token = await sign({ sub: 'admin@enterprise', exp: Math.floor(Date.now() / 1000) - 60 });
    const response = await request(gateway.app).get('/api/v1/participants').set(bearer(token));
    expect(response.status).toBe(401);
    expect(problem(response).detail).toMatch(/expired/);
  });

  test('a token signed with another key → 401', async () => {
    const token = await sign(
      { sub: 'admin@enterprise', exp: '5m' },
      new TextEncoder().encode('x'.repeat(40)),
    );
    const response = await request(gateway.app).get('/api/v1/participants').set(bearer(token));
    expect(response.status).toBe(401);
  });

  test('a token of an unknown user → 401', async () => {
    const token = await sign({ sub: 'ghost@enterprise', exp: '5m' });
    const response = await request(gateway.app).get('/api/v1/participants').set(bearer(token));
    expect(response.status).toBe(401);
  });

  test('authentication is checked before validation', async () => {
    const response = await request(gateway.app).post('/api/v1/receivables').send({ nonsense: true });
    expect(response.status).toBe(401);
  });
});

describe('secrets at the certificate authorities', () => {
  test('no login password ever reaches a CA: identities enrol with generated one-time secrets', async () => {
    const admin = await gateway.token('admin@enterprise', 'adminpw');
    gateway.ledger.on('GetParticipant', () => ({
      id: 'CORE',
      name: 'CORE',
      kind: 'ENTERPRISE',
      mspId: 'EnterpriseMSP',
      status: 'ACTIVE',
    }));
    const password = 'a user password that must stay here';
    const created = await request(gateway.app)
      .post('/api/v1/participants/CORE/users')
      .set(bearer(admin))
      .send({ username: 'secret.ops@enterprise', password, role: 'operator' });
    expect(created.status).toBe(201);
    const seen = [...gateway.authorities.values()].flatMap((authority) => authority.secretsSeen);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen).not.toContain('adminpw');
    expect(seen).not.toContain(password);
    for (const authority of gateway.authorities.values()) {
      for (const [, identity] of authority.identities) {
        expect(identity.maxEnrollments).toBe(1);
        expect(identity.enrollments).toBe(1);
        expect(identity.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      }
    }
    const login = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'secret.ops@enterprise', password });
    expect(login.status).toBe(200);
  });

  test('an administrator already enrolled is not enrolled again at a restart', async () => {
    gateway = await gateway.restart();
    gateway.ledger.on('ListParticipants', () => ({ items: [], bookmark: '', fetched: 0 }));
    for (const authority of gateway.authorities.values()) {
      expect(authority.secretsSeen).toEqual([]);
    }
    expect(await gateway.token('admin@auditor', 'adminpw')).toEqual(anyString);
  });
});
