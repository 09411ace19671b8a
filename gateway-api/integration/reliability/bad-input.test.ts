import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot, runFile } from '../../../scripts/test/support/network';
import {
  type Actor,
  type Json,
  adminToken,
  dueDateIn,
  gatewayUrl,
  get,
  ok,
  onboard,
  post,
  runSuffix,
} from '../support/rest';
import { fullMode, recordFigures, scaled } from './support/figures';

/**
 * Reliability case 4, bad input: property-based fuzzing (fast-check) of every body, query and path
 * id the served OpenAPI document lists, each request made invalid by construction (an unknown
 * field, a wrong type, a bad amount, an overlong or hostile string, a malformed or oversized body,
 * a hostile path id or query): always a 4xx problem document, never a 5xx, never a write. Then
 * schemathesis (PyPI, pinned) generates schema-violating requests from the same document.
 */

jest.setTimeout(900_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;
const RUNS_PER_OPERATION = scaled(20, 150);
const SCHEMATHESIS_VERSION = '4.32.5';

let core: Actor;
let holder: Actor;
let bank: Actor;
let admin: string;
const pendingId = id('FZP');
const activeId = id('FZA');
const financedId = id('FZF');
let financingId = '';
let issueTxId = '';
const served: string[] = [];
let fuzzed = 0;
let serverErrors = 0;

/** One operation of the document: its method, path template, whose token and which valid body. */
interface Operation {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  token(): string;
  /** A valid body (built when the test runs, after the fixtures). */
  readonly body?: () => Json;
}

function operations(): Operation[] {
  const P = '/participants/{id}';
  return [
    {
      method: 'POST',
      path: '/auth/token',
      token: () => '',
      body: () => ({ username: 'nobody@enterprise', password: 'x' }),
    },
    {
      method: 'POST',
      path: '/credit-lines',
      token: () => bank.token,
      body: () => ({ obligorId: core.participantId, currency: 'EUR', limit: '100.00' }),
    },
    { method: 'GET', path: '/credit-lines', token: () => bank.token },
    {
      method: 'POST',
      path: '/financing-requests/{id}/approve',
      token: () => bank.token,
      body: () => ({ advanceAmount: '900.00' }),
    },
    {
      method: 'POST',
      path: '/financing-requests/{id}/reject',
      token: () => bank.token,
      body: () => ({ reason: 'no' }),
    },
    { method: 'GET', path: '/financing-requests/{id}', token: () => bank.token },
    {
      method: 'POST',
      path: '/participants',
      token: () => admin,
      body: () => ({ id: id('FZNEW'), name: 'Fuzz', kind: 'ENTERPRISE' }),
    },
    { method: 'GET', path: '/participants', token: () => admin },
    { method: 'GET', path: P, token: () => admin },
    {
      method: 'POST',
      path: `${P}/users`,
      token: () => admin,
      body: () => ({
        username: `${id('fz').toLowerCase()}@enterprise`,
        password: 'fuzzed-password-1',
        role: 'viewer',
      }),
    },
    { method: 'POST', path: `${P}/suspend`, token: () => admin, body: () => ({}) },
    { method: 'POST', path: `${P}/reinstate`, token: () => admin, body: () => ({}) },
    {
      method: 'POST',
      path: '/receivables',
      token: () => core.token,
      body: () => ({
        id: id('FZNEW'),
        creditorId: holder.participantId,
        amount: '10.00',
        currency: 'EUR',
        dueDate: dueDateIn(),
      }),
    },
    { method: 'POST', path: '/receivables/{id}/accept', token: () => holder.token, body: () => ({}) },
    {
      method: 'POST',
      path: '/receivables/{id}/reject',
      token: () => holder.token,
      body: () => ({ reason: 'no' }),
    },
    { method: 'POST', path: '/receivables/{id}/cancel', token: () => core.token, body: () => ({}) },
    {
      method: 'POST',
      path: '/receivables/{id}/transfer',
      token: () => holder.token,
      body: () => ({ toId: core.participantId, amount: '10.00' }),
    },
    {
      method: 'POST',
      path: '/receivables/{id}/split',
      token: () => holder.token,
      body: () => ({ parts: [{ amount: '400.00' }, { amount: '600.00' }] }),
    },
    {
      method: 'POST',
      path: '/receivables/{id}/financing-requests',
      token: () => holder.token,
      body: () => ({ bankId: bank.participantId }),
    },
    {
      method: 'POST',
      path: '/receivables/{id}/settle',
      token: () => core.token,
      body: () => ({ paymentRef: 'PAY-1' }),
    },
    { method: 'GET', path: '/receivables', token: () => holder.token },
    { method: 'GET', path: '/receivables/{id}', token: () => holder.token },
    { method: 'GET', path: '/receivables/{id}/provenance', token: () => holder.token },
    { method: 'GET', path: '/receivables/{id}/history', token: () => holder.token },
    { method: 'GET', path: '/transactions/{txId}', token: () => holder.token },
    { method: 'GET', path: '/me', token: () => holder.token },
    { method: 'GET', path: '/risk', token: () => holder.token },
  ];
}

/** The real id a path template's parameter stands for, so only the fuzzed part is wrong. */
function realPath(path: string): string {
  const target = path.startsWith('/financing-requests')
    ? financingId
    : path.startsWith('/participants')
      ? holder.participantId
      : /accept|reject|cancel/.test(path)
        ? pendingId
        : activeId;
  return path.replace('{id}', target).replace('{txId}', issueTxId);
}

const unicode = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.anything(), { maxKeys: 3 }),
);
/** Amounts no currency accepts: negative, exponent, too many minor digits, beyond int64 minor units, not digits. */
const badAmount = fc.constantFrom(
  '-1.00',
  '-0',
  '1e3',
  '1.001',
  '0.5.5',
  'NaN',
  'Infinity',
  '',
  ' 10.00',
  '10,00',
  '0x10',
  '١٠٠',
  '92233720368547758.08',
  '9'.repeat(39),
  '0.00',
);
const overlong = fc.string({ unit: 'binary', minLength: 600, maxLength: 3000 });
const hostileId = fc.oneof(
  fc.constantFrom(
    '../../etc/passwd',
    '..',
    '%2e%2e%2f',
    'a/../b',
    'a\u0000b',
    "x' OR '1'='1",
    '<script>',
    'ID\u202Eevil',
  ),
  fc.string({ unit: 'binary', minLength: 129, maxLength: 400 }),
  unicode.map((text) => `${text}\u00e9/..`),
);

function fieldsOf(body: Json): string[] {
  return Object.keys(body);
}

/** A body made invalid by construction (as raw text, since some are not JSON at all). */
function mutations(body: Json): fc.Arbitrary<string> {
  const fields = fieldsOf(body);
  const amountFields = fields.filter((field) => /amount|limit/i.test(field));
  const idFields = fields.filter((field) => /^id$|Id$/.test(field));
  const choices: fc.Arbitrary<string>[] = [
    // an unknown field, with anything in the known ones too
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.anything())
      .filter(([name]) => !fields.includes(name) && name !== '__proto__')
      .map(([name, value]) => JSON.stringify({ ...body, [name]: value ?? 'x' })),
    // malformed JSON
    unicode.map((text) => `{"${fields[0] ?? 'a'}": ${text.replaceAll('"', '')}`),
    // not an object at all
    fc
      .oneof(fc.array(fc.integer(), { maxLength: 3 }), fc.integer(), fc.string())
      .map((value) => JSON.stringify(value)),
    // over the 64 KiB cap
    fc
      .integer({ min: 70_000, max: 200_000 })
      .map((size) => JSON.stringify({ ...body, pad: 'x'.repeat(size) })),
  ];
  if (fields.length > 0) {
    choices.push(
      fc
        .tuple(fc.constantFrom(...fields), notAString)
        .map(([field, value]) => JSON.stringify({ ...body, [field]: value })),
      fc
        .tuple(fc.constantFrom(...fields), overlong)
        .map(([field, value]) => JSON.stringify({ ...body, [field]: value })),
    );
  }
  if (amountFields.length > 0) {
    choices.push(
      fc
        .tuple(fc.constantFrom(...amountFields), badAmount)
        .map(([field, value]) => JSON.stringify({ ...body, [field]: value })),
    );
  }
  if (body.parts !== undefined) {
    choices.push(
      badAmount.map((value) => JSON.stringify({ parts: [{ amount: value }, { amount: '1.00' }] })),
    );
  }
  if (idFields.length > 0) {
    choices.push(
      fc
        .tuple(fc.constantFrom(...idFields), hostileId)
        .map(([field, value]) => JSON.stringify({ ...body, [field]: value })),
    );
  }
  return fc.oneof(...choices);
}

const badQuery = fc.oneof(
  fc.string({ minLength: 1, maxLength: 10 }).map((name) => `${encodeURIComponent(`zz${name}`)}=1`),
  fc.constantFrom('-1', '0', '1.5', 'abc', '101', '1e3', '').map((limit) => `limit=${limit}`),
  unicode.map((status) => `status=${encodeURIComponent(`X${status}`)}`),
  hostileId.map((value) => `holderId=${encodeURIComponent(value)}`),
  hostileId.map((value) => `obligorId=${encodeURIComponent(value)}`),
);

interface Sent {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function send(method: 'GET' | 'POST', path: string, token: string, raw?: string): Promise<Sent> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== '') headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${gatewayUrl}/api/v1${path}`, {
    method,
    headers,
    ...(raw === undefined ? {} : { body: raw }),
  });
  fuzzed += 1;
  if (response.status >= 500) serverErrors += 1;
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** Every fuzzed request is refused with a 4xx problem document. */
function refused(sent: Sent, what: string): void {
  expect({
    what,
    status: sent.status >= 400 && sent.status < 500 ? '4xx' : sent.status,
    body: sent.text.slice(0, 300),
  }).toMatchObject({
    what,
    status: '4xx',
  });
  expect(sent.contentType).toMatch(/^application\/problem\+json/);
}

/** The fixtures' state, to show afterwards that nothing was written. */
async function snapshot(): Promise<unknown[]> {
  const auditor = await adminToken('auditor');
  return Promise.all(
    [
      `/receivables/${pendingId}`,
      `/receivables/${activeId}`,
      `/receivables/${financedId}`,
      `/financing-requests/${financingId}`,
      `/credit-lines?obligorId=${core.participantId}`,
      `/receivables/${id('FZNEW')}`,
      `/participants/${id('FZNEW')}`,
    ].map(async (path) => {
      const answer = await get(auditor, path);
      return [path, answer.status, answer.body.updatedTxId ?? answer.body.decidedTxId ?? answer.body.items];
    }),
  );
}

let before: unknown[] = [];

beforeAll(async () => {
  admin = await adminToken('enterprise');
  core = await onboard('enterprise', id('FZCORE'));
  holder = await onboard('enterprise', id('FZHOLD'));
  bank = await onboard('banka', id('FZBANK'));
  ok(
    await post(bank.token, '/credit-lines', {
      obligorId: core.participantId,
      currency: 'EUR',
      limit: '100000.00',
    }),
    201,
  );
  const issue = (receivable: string): Promise<Json> =>
    post(core.token, '/receivables', {
      id: receivable,
      creditorId: holder.participantId,
      amount: '1000.00',
      currency: 'EUR',
      dueDate: dueDateIn(),
    }).then((answer) => ok(answer, 201));
  issueTxId = String((await issue(pendingId)).txId);
  await issue(activeId);
  await issue(financedId);
  ok(await post(holder.token, `/receivables/${activeId}/accept`), 200);
  ok(await post(holder.token, `/receivables/${financedId}/accept`), 200);
  financingId = String(
    ok(
      await post(holder.token, `/receivables/${financedId}/financing-requests`, {
        bankId: bank.participantId,
      }),
      201,
    ).id,
  );
  const document = (await (await fetch(`${gatewayUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  for (const [path, methods] of Object.entries(document.paths).filter(([path]) =>
    path.startsWith('/api/v1/'),
  )) {
    for (const method of Object.keys(methods))
      served.push(`${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`);
  }
  before = await snapshot();
});

test('the fuzzed operations are every operation the served OpenAPI document lists', () => {
  expect(
    operations()
      .map((operation) => `${operation.method} ${operation.path}`)
      .sort(),
  ).toEqual(served.filter((operation) => operation !== 'GET /events').sort());
});

describe.each(operations().map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
  '%s',
  (_name, operation) => {
    if (operation.body !== undefined) {
      test('an invalid body is refused with a 4xx problem document', async () => {
        await fc.assert(
          fc.asyncProperty(mutations(operation.body?.() ?? {}), async (raw) => {
            refused(
              await send(operation.method, realPath(operation.path), operation.token(), raw),
              raw.slice(0, 200),
            );
          }),
          { numRuns: RUNS_PER_OPERATION },
        );
      });
    }
    if (operation.path.includes('{')) {
      test('a hostile path id is refused with a 4xx problem document', async () => {
        await fc.assert(
          fc.asyncProperty(hostileId, async (hostile) => {
            const path = operation.path.replace(/\{\w+\}/, encodeURIComponent(hostile));
            const raw = operation.body === undefined ? undefined : JSON.stringify(operation.body());
            refused(await send(operation.method, realPath(path), operation.token(), raw), path);
          }),
          { numRuns: Math.ceil(RUNS_PER_OPERATION / 2) },
        );
      });
    }
    if (operation.method === 'GET') {
      test('a hostile query is refused with a 4xx problem document', async () => {
        await fc.assert(
          fc.asyncProperty(badQuery, async (query) => {
            refused(await send('GET', `${realPath(operation.path)}?${query}`, operation.token()), query);
          }),
          { numRuns: Math.ceil(RUNS_PER_OPERATION / 2) },
        );
      });
    }
  },
);

test('nothing was written: every fixture reads back as before, no fuzzed id was created', async () => {
  expect(await snapshot()).toEqual(before);
  recordFigures(4, {
    fuzzed,
    serverErrors,
    note: `fast-check: ${fuzzed} invalid requests over the ${operations().length} operations of the served OpenAPI document (unknown fields, wrong types, bad/huge/negative/fractional amounts, overlong and unicode strings, malformed JSON, bodies over 64 KiB, hostile path ids and queries): all 4xx problem documents, none wrote.`,
  });
});

/** schemathesis in a git-ignored venv, installed (pinned) on first use. */
async function schemathesis(): Promise<string> {
  const venv = join(repoRoot, '.cache', 'schemathesis');
  const st = join(venv, 'bin', 'st');
  const installed = await runFile(st, ['--version']);
  if (installed.code === 0 && installed.stdout.includes(SCHEMATHESIS_VERSION)) return st;
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    const created = await runFile('python3', ['-m', 'venv', venv]);
    if (created.code !== 0) throw new Error(`python3 -m venv failed: ${created.stderr}`);
  }
  const pip = await runFile(
    join(venv, 'bin', 'pip'),
    ['install', '-q', `schemathesis==${SCHEMATHESIS_VERSION}`],
    {
      timeoutMs: 600_000,
    },
  );
  if (pip.code !== 0) throw new Error(`pip install schemathesis failed: ${pip.stderr}`);
  return st;
}

test('schemathesis: schema-violating requests generated from the served OpenAPI document never get a 5xx', async () => {
  const st = await schemathesis();
  const reportDir = join(process.env.SCF_RELIABILITY_DIR ?? '/tmp', 'schemathesis');
  const result = await runFile(
    st,
    [
      'run',
      `${gatewayUrl}/api/openapi.json`,
      '--url',
      `${gatewayUrl}/api/v1`,
      '--mode',
      'negative',
      '--checks',
      'not_a_server_error',
      '--max-examples',
      String(scaled(10, 60)),
      '--workers',
      '2',
      '--generation-deterministic',
      // Valid-shaped wrong logins would count against the login throttle of 127.0.0.1, which every
      // other suite logs in from; the fast-check fuzz above covers the login body.
      '--exclude-path',
      '/api/v1/auth/token',
      // An event stream never ends: nothing to check but its refusal of bad tokens (case 3).
      '--exclude-path',
      '/api/v1/events',
      '--phases',
      fullMode ? 'examples,coverage,fuzzing,stateful' : 'examples,fuzzing',
      '-H',
      `Authorization: Bearer ${holder.token}`,
      '--report',
      'ndjson',
      '--report-dir',
      reportDir,
    ],
    { timeoutMs: 900_000, env: { NO_COLOR: '1' } },
  );
  const summary = result.stdout
    .split('\n')
    .filter((line) => /passed|failed|error|cases|Test cases/i.test(line));
  process.stderr.write(`[schemathesis]\n${summary.join('\n')}\n`);
  expect({
    code: result.code,
    tail: result.code === 0 ? '' : result.stdout.slice(-4000) + result.stderr.slice(-2000),
  }).toEqual({
    code: 0,
    tail: '',
  });
  const cases = Number(
    /(\d+) generated/.exec(result.stdout)?.[1] ?? /Test cases:\s*(\d+)/.exec(result.stdout)?.[1] ?? 0,
  );
  recordFigures(4, {
    fuzzed: cases,
    serverErrors: 0,
    note: `schemathesis ${SCHEMATHESIS_VERSION} (negative mode, ${fullMode ? 'all phases' : 'examples and fuzzing phases'}, check not_a_server_error, login and event stream excluded): ${cases} generated requests, no 5xx.`,
  });
});
