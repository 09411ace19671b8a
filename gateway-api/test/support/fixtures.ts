import type { NetworkProfile, OrgProfile } from '../../src/config/network-profile';
import type { ParticipantKind } from '../../src/domain/orgs';
import type { CreditLine, Participant, Receivable } from 'receivables-chaincode/contract';

/** An org of a test profile whose peer and CA are never dialled. */
export const testOrg = (name: string, mspId: string, kind: ParticipantKind, port: number): OrgProfile => ({
  mspId,
  kind,
  peer: {
    endpoint: `127.0.0.1:${port}`,
    hostAlias: `peer0.${name}.scf.local`,
    tlsRootCertPath: '/nonexistent/tls.pem',
  },
  ca: {
    url: `https://127.0.0.1:${port + 100}`,
    caName: 'ca',
    tlsRootCertPath: '/nonexistent/ca.pem',
    registrarId: 'admin',
  },
});

/** A network profile for tests whose ledger and CAs are fakes. */
export const TEST_PROFILE: NetworkProfile = {
  channel: 'scf',
  chaincode: 'receivables',
  orgs: {
    enterprise: testOrg('enterprise', 'EnterpriseMSP', 'ENTERPRISE', 7051),
    banka: testOrg('banka', 'BankAMSP', 'BANK', 8051),
    bankb: testOrg('bankb', 'BankBMSP', 'BANK', 9051),
    auditor: testOrg('auditor', 'AuditorMSP', 'AUDITOR', 10051),
  },
};

/** A participant record. */
export function participant(id: string, kind: Participant['kind'], mspId: string): Participant {
  return { id, name: `${id} Ltd`, kind, mspId, status: 'ACTIVE' };
}

/** A credit line record (amounts in minor units). */
export function creditLine(overrides: Partial<CreditLine> = {}): CreditLine {
  return {
    id: 'CL-1',
    bankId: 'BANKA',
    obligorId: 'CORE',
    currency: 'EUR',
    limit: '100000000',
    used: '0',
    ...overrides,
  };
}

const TX = 'f'.repeat(64);

/** A receivable record (amounts in minor units). */
export function receivable(overrides: Partial<Receivable> = {}): Receivable {
  return {
    id: 'R1',
    rootId: 'R1',
    parentId: null,
    obligorId: 'CORE',
    originalCreditorId: 'SUP1',
    holderId: 'SUP1',
    amount: '125050',
    currency: 'EUR',
    issueDate: '2030-01-01',
    dueDate: '2030-06-30',
    status: 'ACTIVE',
    invoiceHashes: [],
    creditLineId: 'CL-1',
    childIds: [],
    hops: [
      {
        kind: 'ISSUE',
        txId: TX,
        timestamp: '2030-01-01T00:00:00.000Z',
        fromId: 'CORE',
        toId: 'SUP1',
        amount: '125050',
      },
    ],
    createdTxId: TX,
    updatedTxId: TX,
    ...overrides,
  };
}
