import { actionsFor } from './actions';
import type { Me, Receivable } from './api/schemas';
import { receivable } from './test-fixtures';

const user = (participantId: string | null, role: Me['role'] = 'operator', org = 'enterprise'): Me => ({
  username: `x@${org}`,
  org,
  mspId: 'EnterpriseMSP',
  participantId,
  role,
});

test('the holder of an active receivable may transfer, split and ask for financing', () => {
  expect(actionsFor(receivable, user('SUP1'))).toEqual(['transfer', 'split', 'request-financing']);
});

test('a viewer and an administrator are offered nothing, even as the holder', () => {
  expect(actionsFor(receivable, user('SUP1', 'viewer'))).toEqual([]);
  expect(actionsFor(receivable, user(null, 'admin'))).toEqual([]);
});

test('the creditor accepts or rejects a pending receivable; the obligor may cancel it', () => {
  const pending: Receivable = { ...receivable, status: 'PENDING_ACCEPTANCE' };
  expect(actionsFor(pending, user('SUP1'))).toEqual(['accept', 'reject']);
  expect(actionsFor(pending, user('CORE'))).toEqual(['cancel']);
});

test('only the asked bank decides a financing request', () => {
  const asked: Receivable = {
    ...receivable,
    status: 'FINANCING_REQUESTED',
    financing: { requestId: 'FR1', bankId: 'BANKA', status: 'REQUESTED' },
  };
  expect(actionsFor(asked, user('BANKA', 'operator', 'banka'))).toEqual([
    'approve-financing',
    'reject-financing',
  ]);
  expect(actionsFor(asked, user('BANKB', 'operator', 'bankb'))).toEqual([]);
});

test('the obligor settles a root, never a part', () => {
  expect(actionsFor(receivable, user('CORE'))).toEqual(['settle']);
  expect(actionsFor({ ...receivable, id: 'R1.1', parentId: 'R1' }, user('CORE'))).toEqual([]);
  expect(actionsFor({ ...receivable, status: 'SETTLED' }, user('CORE'))).toEqual([]);
});
