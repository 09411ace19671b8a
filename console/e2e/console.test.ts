/**
 * The web console end to end: a real headless Chromium against the gateway of the shared test
 * network, as the README's users would use it. The setup (participants, a credit line, an
 * accepted receivable) goes through REST; everything the stories assert happens in the browser.
 */
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  dueDateIn,
  gatewayUrl,
  login,
  ok,
  onboard,
  post,
  runSuffix,
  type Actor,
} from '../../gateway-api/integration/support/rest';
import { DESKTOP, launchChromium, logIn, PHONE, screenshot } from './support/browser';

jest.setTimeout(240_000);

const run = runSuffix();
const R = `CON${run}`;
let browser: Browser;
let core: Actor;
let sup1: Actor;
let sup2: Actor;
let bank: Actor;
let auditor: Actor;
let viewer: Actor;
const pages: Page[] = [];

async function open(
  username: string,
  password: string,
  viewport: Readonly<{ width: number; height: number }> = DESKTOP,
): Promise<Page> {
  const page = await logIn(browser, username, password, viewport);
  pages.push(page);
  return page;
}

async function openReceivable(page: Page, id: string): Promise<void> {
  await page.goto(`${gatewayUrl}/#/receivables/${id}`);
  await page.getByRole('heading', { name: `Receivable ${id}` }).waitFor();
  await page.getByTestId('status').waitFor();
}

beforeAll(async () => {
  const started = launchChromium();
  [core, sup1, sup2, bank, auditor] = await Promise.all([
    onboard('enterprise', `CORE${run}`),
    onboard('enterprise', `SUPA${run}`),
    onboard('enterprise', `SUPB${run}`),
    onboard('banka', `BANK${run}`),
    onboard('auditor', `AUD${run}`, 'viewer'),
  ]);
  viewer = await enrolViewerOf(sup1.participantId);
  const line = ok(
    await post(bank.token, '/credit-lines', {
      obligorId: core.participantId,
      currency: 'EUR',
      limit: '100000.00',
    }),
    201,
  );
  ok(
    await post(core.token, '/receivables', {
      id: R,
      creditorId: sup1.participantId,
      amount: '1000.00',
      currency: 'EUR',
      dueDate: dueDateIn(20),
      creditLineId: String(line.id),
    }),
    201,
  );
  ok(await post(sup1.token, `/receivables/${R}/accept`), 200);
  browser = await started;
});

afterAll(async () => {
  await Promise.all(pages.map((page) => page.context().close()));
  await browser.close();
});

/** A second user of participant `participantId`, with the viewer role. */
async function enrolViewerOf(participantId: string): Promise<Actor> {
  const admin = await adminToken('enterprise');
  const username = `view${run.toLowerCase()}@enterprise`;
  const password = `viewer-${run}-pw`;
  ok(await post(admin, `/participants/${participantId}/users`, { username, password, role: 'viewer' }), 201);
  return { participantId, username, password, token: await login(username, password), registeredTxId: '' };
}

test('a supplier splits and transfers a part, and sees the split tree change', async () => {
  const page = await open(sup1.username, sup1.password);
  await page.getByRole('link', { name: R, exact: true }).waitFor();
  await screenshot(page, 'receivables');

  await page.getByRole('link', { name: R, exact: true }).click();
  await page.getByTestId('status').getByText('ACTIVE').waitFor();
  const split = page.getByRole('form', { name: 'Split' });
  await split.getByLabel('Part 1').fill('600.00');
  await split.getByLabel('Part 2').fill('300.00');
  await expect(split.getByRole('status').textContent()).resolves.toBe('100.00');
  expect(await split.getByRole('button', { name: 'Split into 2 parts' }).isDisabled()).toBe(true);
  await split.getByLabel('Part 2').fill('400.00');
  await split.getByRole('button', { name: 'Split into 2 parts' }).click();
  await page.getByTestId('status').getByText('SPLIT').waitFor();
  await page.getByTestId(`tree-node-${R}.2`).waitFor();

  // Into the first part through the tree, and pass 100.00 of it to the tier-2 supplier.
  await page.getByTestId(`tree-node-${R}.1`).click();
  await page.getByRole('heading', { name: `Receivable ${R}.1` }).waitFor();
  const transfer = page.getByRole('form', { name: 'Transfer' });
  await transfer.getByLabel('To (participant id)').fill(sup2.participantId);
  await transfer.getByLabel(/^Amount/).fill('100.00');
  await transfer.getByRole('button', { name: 'Transfer 100.00 EUR' }).click();
  await page.getByTestId(`tree-node-${R}.1.1`).waitFor();
  expect(await page.getByTestId(`tree-node-${R}.1.1`).getAttribute('aria-label')).toBe(
    `${R}.1.1: ${sup2.participantId}, 100.00 EUR, ACTIVE`,
  );
  expect(await page.getByTestId(`tree-node-${R}.1`).getAttribute('aria-current')).toBe('page');
  await screenshot(page, 'receivable');
});

test('a bank approves the financing a supplier asked for', async () => {
  ok(await post(sup2.token, `/receivables/${R}.1.1/financing-requests`, { bankId: bank.participantId }), 201);
  const page = await open(bank.username, bank.password);
  await openReceivable(page, `${R}.1.1`);
  const approve = page.getByRole('form', { name: 'Approve financing' });
  await approve.getByLabel('Advance (EUR)').fill('97.5');
  expect(await approve.getByRole('button', { name: 'Approve financing' }).isDisabled()).toBe(true);
  await approve.getByLabel('Advance (EUR)').fill('97.50');
  await approve.getByRole('button', { name: 'Approve financing' }).click();
  await page.getByTestId('status').getByText('FINANCED').waitFor();
  expect(await page.getByTestId('holder').textContent()).toBe(bank.participantId);

  await page.getByRole('link', { name: 'Credit lines' }).click();
  await page.getByText(core.participantId, { exact: true }).waitFor();
  await screenshot(page, 'credit-lines');
});

test('an auditor finds the receivable, its history and its transaction, and follows the events', async () => {
  const page = await open(auditor.username, auditor.password);
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByLabel('Receivable id').fill(`${R}.1.1`);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByTestId('status').getByText('FINANCED').waitFor();
  expect(await page.getByRole('form').count()).toBe(0);

  const history = page.getByRole('table', { name: 'Key history' });
  await history.getByText('FINANCED').waitFor();
  const statuses = await history.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(statuses).toEqual(['FINANCED', 'FINANCING_REQUESTED', 'ACTIVE']);

  await history.locator('tbody tr').first().getByRole('link').click();
  await page.getByTestId('validation-code').waitFor();
  expect(await page.getByTestId('validation-code').textContent()).toBe('VALID');
  expect(await page.getByTestId('creator').textContent()).toBe('BankAMSP');
  // The feed replays the log from its start, each event checked as the auditor; on a busy shared
  // network it takes a while to reach this test's events, so any event shows that it streams.
  await page.getByText('open', { exact: true }).waitFor({ timeout: 90_000 });
  await page
    .getByRole('list', { name: 'Events, newest first' })
    .getByRole('listitem')
    .first()
    .waitFor({ timeout: 90_000 });
  await screenshot(page, 'auditor');

  await page.getByRole('link', { name: 'Risk' }).click();
  await page.getByRole('heading', { name: 'Due within 30 days' }).waitFor();
  await page
    .getByRole('link', { name: `${R}.1.1` })
    .first()
    .waitFor();
  await screenshot(page, 'risk');
});

test('a viewer sees no action buttons, and the API refuses its writes anyway', async () => {
  const page = await open(viewer.username, viewer.password);
  await openReceivable(page, `${R}.2`);
  await page.getByText('No action of yours is possible on this receivable.').waitFor();
  expect(await page.getByRole('form').count()).toBe(0);
  expect(await page.getByTestId('holder').textContent()).toBe(sup1.participantId);

  // The viewer's own token, from the page's session, on a write the console does not offer.
  const refusal: unknown = await page.evaluate(`(async () => {
    const response = await fetch('/api/v1/receivables/${R}.2/transfer', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + sessionStorage.getItem('scf.token'), 'content-type': 'application/json' },
      body: JSON.stringify({ toId: '${sup2.participantId}' }),
    });
    return { status: response.status, body: await response.json() };
  })()`);
  expect(refusal).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
});

test('at phone width the receivable page fits the screen (wide parts scroll inside)', async () => {
  const page = await open(sup1.username, sup1.password, PHONE);
  await openReceivable(page, `${R}.1`);
  await page.getByTestId(`tree-node-${R}.1.1`).waitFor();
  const overflow: unknown = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'receivable-phone');
});
