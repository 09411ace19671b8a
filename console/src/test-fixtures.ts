/** Values the console's tests share: answers as the gateway gives them. */
import type { Receivable } from './api/schemas';

/** An active EUR receivable of 100.00 held by its original creditor SUP1. */
export const receivable: Receivable = {
  id: 'R1',
  rootId: 'R1',
  parentId: null,
  obligorId: 'CORE',
  originalCreditorId: 'SUP1',
  holderId: 'SUP1',
  amount: '100.00',
  currency: 'EUR',
  issueDate: '2030-01-01',
  dueDate: '2030-06-30',
  status: 'ACTIVE',
  invoiceHashes: [],
  creditLineId: 'CL1',
  childIds: [],
  hops: [
    {
      kind: 'ISSUE',
      txId: 'a'.repeat(64),
      timestamp: '2030-01-01T00:00:00.000Z',
      fromId: 'CORE',
      toId: 'SUP1',
      amount: '100.00',
    },
  ],
  createdTxId: 'a'.repeat(64),
  updatedTxId: 'b'.repeat(64),
};
