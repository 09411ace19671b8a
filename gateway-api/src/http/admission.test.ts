import type { Server } from 'node:http';
import express, { type Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { admitWrites } from './admission';
import { createErrorHandler } from './error-handler';

/** An app whose writes stay in flight until `release()`; `arrived` counts writes that got through. */
function heldApp(maxInFlight: number): { app: Express; arrived: () => number; release: () => void } {
  let arrivals = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const app = express();
  app.use(admitWrites({ maxInFlight, retryAfterSeconds: 1 }));
  app.post('/write', (_request, response) => {
    arrivals += 1;
    void gate.then(() => response.status(201).json({ ok: true }));
  });
  app.get('/read', (_request, response) => {
    response.json({ ok: true });
  });
  app.use(createErrorHandler(pino({ level: 'silent' })));
  return { app, arrived: () => arrivals, release: open };
}

let openConnections = Number.NaN;
/** The server's open connections as last counted (counting is asynchronous: polled by `until`). */
function connections(server: Server): number {
  server.getConnections((_error, count) => {
    openConnections = count;
  });
  return openConnections;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

test('a write past the in-flight limit is refused at once with 503 OVERLOADED, Retry-After and a problem body', async () => {
  const { app, arrived, release } = heldApp(2);
  const server = app.listen(0, '127.0.0.1');
  try {
    const held = [request(server).post('/write'), request(server).post('/write')].map((call) =>
      call.then((response) => response.status),
    );
    await until(() => arrived() === 2);

    const refused = await request(server).post('/write');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'OVERLOADED', status: 503, instance: '/write' });
    expect(arrived()).toBe(2);

    release();
    expect(await Promise.all(held)).toEqual([201, 201]);
  } finally {
    server.close();
  }
});

test('reads are not counted: a read passes while the writes are at the limit', async () => {
  const { app, arrived, release } = heldApp(1);
  const server = app.listen(0, '127.0.0.1');
  try {
    const held = request(server)
      .post('/write')
      .then((response) => response.status);
    await until(() => arrived() === 1);
    expect((await request(server).get('/read')).status).toBe(200);
    release();
    expect(await held).toBe(201);
  } finally {
    server.close();
  }
});

test('a finished write frees its slot for the next one', async () => {
  const { app, release } = heldApp(1);
  release();
  expect((await request(app).post('/write')).status).toBe(201);
  expect((await request(app).post('/write')).status).toBe(201);
});

test('a write whose client went away frees its slot', async () => {
  const { app, arrived, release } = heldApp(1);
  const server = app.listen(0, '127.0.0.1');
  try {
    const abandoned = request(server).post('/write').timeout(50);
    await expect(abandoned).rejects.toThrow();
    await until(() => arrived() === 1);
    await until(() => connections(server) === 0);
    // The abandoned write's handler is still waiting, yet its slot is free again.
    const next = request(server)
      .post('/write')
      .then((response) => response.status);
    await until(() => arrived() === 2);
    release();
    expect(await next).toBe(201);
  } finally {
    server.close();
  }
});

test('a shed write is logged as a warning without an error or stack, not as a failed request', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  const app = express();
  app.use(admitWrites({ maxInFlight: 0, retryAfterSeconds: 1 }));
  app.use(createErrorHandler(pino({ level: 'debug' }, sink)));

  const refused = await request(app).post('/write');

  expect(refused.status).toBe(503);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 40, code: 'OVERLOADED', msg: 'request shed' });
  expect(lines[0]).not.toHaveProperty('err');
});
