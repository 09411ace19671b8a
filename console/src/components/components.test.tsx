import { fireEvent, render, screen, within } from '@testing-library/react';
import { ApiError, type ApiClient } from '../api/client';
import type { TreeNode } from '../api/schemas';
import { summary } from '../pages/auditor-page';
import { ReceivableTable } from '../pages/receivables-page';
import { Split } from './actions-panel';
import { ProblemAlert } from './problem-alert';
import { SplitTree } from './split-tree';
import { receivable } from '../test-fixtures';

function fakeApi(post: ApiClient['post']): ApiClient {
  return { get: () => Promise.reject(new Error('not used')), post };
}

test('split: the parts are checked live and the button waits until they add up', () => {
  const sent: object[] = [];
  render(
    <Split
      api={fakeApi((_path, body, schema) => {
        sent.push(body);
        return Promise.resolve(schema.parse({ ...receivable, status: 'SPLIT', txId: 'c'.repeat(64) }));
      })}
      receivable={receivable}
      onDone={() => undefined}
    />,
  );
  const button = screen.getByRole('button', { name: 'Split into 2 parts' });
  fireEvent.change(screen.getByLabelText('Part 1'), { target: { value: '60.00' } });
  expect(screen.getByRole('status').textContent).toBe('40.00');
  expect(button).toHaveProperty('disabled', true);
  fireEvent.click(screen.getByRole('button', { name: 'Add a part' }));
  fireEvent.change(screen.getByLabelText('Part 2'), { target: { value: '30.00' } });
  fireEvent.change(screen.getByLabelText('Part 3'), { target: { value: '10.0' } });
  expect(screen.getByText(/exactly 2 decimal/)).toBeTruthy();
  fireEvent.change(screen.getByLabelText('Part 3'), { target: { value: '10.00' } });
  const ready = screen.getByRole('button', { name: 'Split into 3 parts' });
  expect(ready).toHaveProperty('disabled', false);
  fireEvent.click(ready);
  expect(sent).toEqual([{ parts: [{ amount: '60.00' }, { amount: '30.00' }, { amount: '10.00' }] }]);
});

test('a refusal is shown in plain words with the gateway’s own detail', () => {
  render(
    <ProblemAlert
      error={
        new ApiError({
          status: 422,
          code: 'LIMIT_EXCEEDED',
          detail: 'credit line CL1 has 10.00 EUR left',
        })
      }
    />,
  );
  const alert = screen.getByRole('alert');
  expect(alert.textContent).toContain('This goes beyond the credit line’s limit.');
  expect(alert.textContent).toContain('credit line CL1 has 10.00 EUR left');
});

test('validation errors name each field without the body. prefix', () => {
  render(
    <ProblemAlert
      error={
        new ApiError({
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'invalid',
          errors: [{ path: 'body.toId', message: 'must be letters and digits' }],
        })
      }
    />,
  );
  expect(screen.getByRole('alert').textContent).toContain('toId: must be letters and digits');
});

test('the split tree draws every node as a link, the focused one current, its path highlighted', () => {
  const leaf = (id: string, holderId: string): TreeNode => ({
    id,
    amount: '50.00',
    holderId,
    status: 'ACTIVE',
    children: [],
  });
  const root: TreeNode = {
    id: 'R1',
    amount: '100.00',
    holderId: 'SUP1',
    status: 'SPLIT',
    children: [leaf('R1.1', 'SUP2'), leaf('R1.2', 'SUP1')],
  };
  render(<SplitTree root={root} currency="EUR" focusId="R1.1" />);
  const links = within(screen.getByRole('group', { name: 'Split tree' })).getAllByRole('link');
  expect(links.map((link) => link.getAttribute('href'))).toEqual([
    '#/receivables/R1.1',
    '#/receivables/R1.2',
    '#/receivables/R1',
  ]);
  expect(screen.getByTestId('tree-node-R1.1').getAttribute('aria-current')).toBe('page');
  expect(screen.getByTestId('tree-node-R1.1').getAttribute('aria-label')).toBe(
    'R1.1: SUP2, 50.00 EUR, ACTIVE',
  );
  const highlighted = document.querySelectorAll('rect.on-path');
  expect(highlighted).toHaveLength(2);
});

test('overdue open receivables are marked, settled ones are not', () => {
  render(
    <ReceivableTable
      items={[
        { ...receivable, id: 'LATE', dueDate: '2030-01-01' },
        { ...receivable, id: 'PAID', dueDate: '2030-01-01', status: 'SETTLED' },
        { ...receivable, id: 'LATER', dueDate: '2030-12-31' },
      ]}
      today="2030-02-01"
    />,
  );
  const rows = screen.getAllByRole('row').slice(1);
  expect(
    rows.map((row) => [within(row).getByRole('link').textContent, row.textContent.includes('OVERDUE')]),
  ).toEqual([
    ['LATE', true],
    ['PAID', false],
    ['LATER', false],
  ]);
});

test('an event of the feed is summed up by the id it is about', () => {
  const event = (payload: object): string =>
    JSON.stringify({ txId: 'a'.repeat(64), blockNumber: '7', payload });
  expect(summary(event({ receivable: { id: 'R1.1' }, parts: [] }))).toBe('R1.1');
  expect(summary(event({ id: 'CL-1', bankId: 'B' }))).toBe('CL-1');
  expect(summary('not json')).toBe('not json');
});
