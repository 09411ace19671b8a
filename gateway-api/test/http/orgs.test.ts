/**
 * The gateway's orgs come from the network profile only: a profile with one more bank makes that
 * bank's administrator and users work like any other org's, with no code naming it.
 */
import request from 'supertest';
import { ConfigError } from '../../src/config/config';
import { parseNetworkProfile } from '../../src/config/network-profile';
import { participant, TEST_PROFILE, testOrg } from '../support/fixtures';
import { bearer, startTestGateway, type TestGateway } from '../support/test-gateway';
import { containing, problem } from '../support/responses';

const FIVE_ORGS = parseNetworkProfile({
  ...TEST_PROFILE,
  orgs: { ...TEST_PROFILE.orgs, bankc: testOrg('bankc', 'BankCMSP', 'BANK', 11051) },
});

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({}, { profile: FIVE_ORGS });
  gateway.ledger.on('RegisterParticipant', ({ args }) => {
    const registered = participant(args[0] ?? '', 'BANK', 'BankCMSP');
    gateway.participants.set(registered.id, registered);
    return registered;
  });
  gateway.ledger.on('GrantCreditLine', ({ args }) => ({
    id: 'CL-C',
    bankId: 'BANKC',
    obligorId: args[1],
    currency: args[2],
    limit: args[3],
    used: '0',
  }));
});
afterAll(() => gateway.stop());

test('the fifth org is enrolled at start-up: its administrator logs in', async () => {
  expect(gateway.authorities.get('bankc')?.identities.has('admin@bankc')).toBe(true);
  await expect(gateway.token('admin@bankc', 'adminpw')).resolves.toEqual(expect.any(String));
});

test("the fifth org's administrator registers a bank and enrols its operator, who grants a credit line", async () => {
  const admin = await gateway.token('admin@bankc', 'adminpw');
  const registered = await request(gateway.app)
    .post('/api/v1/participants')
    .set(bearer(admin))
    .send({ id: 'BANKC', name: 'Bank C', kind: 'BANK' });
  expect(registered.status).toBe(201);
  expect(gateway.ledger.callsOf('RegisterParticipant')).toEqual([
    containing({ callerId: 'admin@bankc', mspId: 'BankCMSP' }),
  ]);

  const operator = await gateway.enrol({
    org: 'bankc',
    participantId: 'BANKC',
    username: 'ops@bankc',
    role: 'operator',
  });
  const granted = await request(gateway.app)
    .post('/api/v1/credit-lines')
    .set(bearer(operator))
    .send({ obligorId: 'CORE', currency: 'EUR', limit: '10.00' });
  expect(granted.status).toBe(201);
  expect(gateway.ledger.callsOf('GrantCreditLine')).toEqual([
    containing({ args: ['', 'CORE', 'EUR', '1000'], callerId: 'ops@bankc', mspId: 'BankCMSP' }),
  ]);
});

test("the fifth org's kind decides what its administrator registers", async () => {
  const admin = await gateway.token('admin@bankc', 'adminpw');
  const response = await request(gateway.app)
    .post('/api/v1/participants')
    .set(bearer(admin))
    .send({ id: 'ENT9', name: 'Not a bank', kind: 'ENTERPRISE' });
  expect(response.status).toBe(403);
  expect(problem(response).code).toBe('FORBIDDEN');
});

test('a user name of an org outside the profile is refused', async () => {
  const admin = await gateway.token('admin@bankc', 'adminpw');
  const response = await request(gateway.app)
    .post('/api/v1/participants/BANKC/users')
    .set(bearer(admin))
    .send({ username: 'ops@bankd', password: 'p'.repeat(12), role: 'operator' });
  expect(response.status).toBe(400);
});

test('an events org outside the profile is refused at start-up', async () => {
  await expect(startTestGateway({ SCF_EVENTS_ORG: 'bankd' }, { profile: FIVE_ORGS })).rejects.toThrow(
    ConfigError,
  );
});
