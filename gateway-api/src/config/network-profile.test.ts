import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  kindOfOrg,
  loadNetworkProfile,
  NetworkProfileError,
  orgKeys,
  parseNetworkProfile,
} from './network-profile';

const peer = { endpoint: '127.0.0.1:7051', hostAlias: 'peer0.x.scf.local', tlsRootCertPath: '/abs/tls.pem' };
const ca = {
  url: 'https://127.0.0.1:7154',
  caName: 'ca',
  tlsRootCertPath: '/abs/ca.pem',
  registrarId: 'admin',
};

const profile = (
  banka: object = { mspId: 'BankAMSP', kind: 'BANK', peer, ca },
  withAuditor = true,
): object => ({
  channel: 'scf',
  chaincode: 'receivables',
  orgs: {
    enterprise: { mspId: 'EnterpriseMSP', kind: 'ENTERPRISE', peer, ca },
    banka,
    bankb: { mspId: 'BankBMSP', kind: 'BANK', peer, ca },
    ...(withAuditor ? { auditor: { mspId: 'AuditorMSP', kind: 'AUDITOR', peer, ca } } : {}),
  },
});

test('accepts the profile test-network.sh writes, with optional client TLS files', () => {
  expect(parseNetworkProfile(profile()).orgs.banka?.mspId).toBe('BankAMSP');
  const mutual = {
    mspId: 'BankAMSP',
    kind: 'BANK',
    peer: { ...peer, clientCertPath: '/abs/c.pem', clientKeyPath: '/abs/k.pem' },
    ca,
  };
  expect(parseNetworkProfile(profile(mutual)).orgs.banka?.peer.clientKeyPath).toBe('/abs/k.pem');
});

test('takes whatever orgs it names: any number, any kinds', () => {
  const three = parseNetworkProfile(profile(undefined, false));
  expect(orgKeys(three)).toEqual(['enterprise', 'banka', 'bankb']);
  expect(kindOfOrg(three, 'bankb')).toBe('BANK');
  expect(kindOfOrg(three, 'auditor')).toBeUndefined();
  expect(kindOfOrg(three, 'toString')).toBeUndefined();
});

test.each([
  ['no org', { channel: 'scf', chaincode: 'receivables', orgs: {} }],
  ['an org key that is not lower-case letters and digits', { ...profile(), orgs: { 'Bank-C': {} } }],
  ['an org without its kind', profile({ mspId: 'BankAMSP', peer, ca })],
  ['an unknown kind', profile({ mspId: 'BankAMSP', kind: 'INSURER', peer, ca })],
  ['two orgs of one MSP', profile({ mspId: 'BankBMSP', kind: 'BANK', peer, ca })],
  [
    'a relative path',
    profile({ mspId: 'BankAMSP', kind: 'BANK', peer: { ...peer, tlsRootCertPath: 'tls.pem' }, ca }),
  ],
  [
    'a bad endpoint',
    profile({ mspId: 'BankAMSP', kind: 'BANK', peer: { ...peer, endpoint: 'nowhere' }, ca }),
  ],
  [
    'a CA URL that is not http(s)',
    profile({ mspId: 'BankAMSP', kind: 'BANK', peer, ca: { ...ca, url: 'ftp://x' } }),
  ],
  ['a missing MSP id', profile({ kind: 'BANK', peer, ca })],
])('refuses %s', (_what, document) => {
  expect(() => parseNetworkProfile(document)).toThrow(NetworkProfileError);
});

test('loads from a file and names an unreadable one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scf-profile-'));
  try {
    writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile()));
    expect(loadNetworkProfile(join(dir, 'profile.json')).channel).toBe('scf');
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadNetworkProfile(join(dir, 'bad.json'))).toThrow(/not JSON/);
    expect(() => loadNetworkProfile(join(dir, 'missing.json'))).toThrow(/cannot read/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
