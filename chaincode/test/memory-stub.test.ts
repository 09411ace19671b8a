import { KeyEndorsementPolicy } from 'fabric-shim';
import { MemoryLedger, TransactionInvalidError } from './support/ledger';
import { MemoryClientIdentity, MemoryStub, WorldState, type Stub } from './support/memory-stub';

const TX = 'a'.repeat(64);
const creator = new MemoryClientIdentity('EnterpriseMSP', { 'scf.role': 'operator' }, 'alice');

function stubOn(world: WorldState, txId = TX): MemoryStub {
  return new MemoryStub(world, {
    txId,
    timestamp: new Date('2025-03-04T05:06:07.089Z'),
    fcn: 'F',
    args: ['x', 'y'],
    creator,
  });
}

function bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

function text(value: Uint8Array): string {
  return Buffer.from(value).toString('utf8');
}

/** Commits `entries` as one transaction. */
function seed(world: WorldState, entries: Record<string, string | null>, txId = TX): void {
  const values = new Map(
    Object.entries(entries).map(([key, value]) => [key, value === null ? null : bytes(value)]),
  );
  world.commit(txId, new Date('2025-01-01T00:00:00.000Z'), { values, policies: new Map() });
}

async function keysOf(iterable: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of iterable) {
    keys.push(key);
  }
  return keys;
}

async function drain(
  stub: Stub,
  type: string,
  attributes: string[],
  pageSize: number,
  bookmark: string,
): Promise<{ keys: string[]; bookmark: string; fetched: number } | { keys: string[]; metadata: undefined }> {
  const { iterator, metadata } = await stub.getStateByPartialCompositeKeyWithPagination(
    type,
    attributes,
    pageSize,
    bookmark,
  );
  const keys: string[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    keys.push(next.value.key);
  }
  await iterator.close();
  // The shim types metadata as always there; a Fabric 1.4 peer sends none with an empty page.
  const found = metadata as typeof metadata | undefined;
  return found === undefined
    ? { keys, metadata: found }
    : { keys, bookmark: found.bookmark, fetched: found.fetchedRecordsCount };
}

describe('the memory stub', () => {
  test('builds and splits composite keys as the Node shim does', () => {
    const stub = stubOn(new WorldState());
    const key = stub.createCompositeKey('rcv~holder', ['SUP1', 'ACTIVE', 'R1']);
    expect(key).toBe('\u0000rcv~holder\u0000SUP1\u0000ACTIVE\u0000R1\u0000');
    expect(stub.splitCompositeKey(key)).toEqual({
      objectType: 'rcv~holder',
      attributes: ['SUP1', 'ACTIVE', 'R1'],
    });
    expect(stub.splitCompositeKey(stub.createCompositeKey('org', []))).toEqual({
      objectType: 'org',
      attributes: [],
    });
    expect(stub.splitCompositeKey('simple')).toEqual({ objectType: '', attributes: [] });
    expect(() => stub.createCompositeKey('t', [''])).toThrow('non-zero length');
    expect(() => stub.createCompositeKey('t', ['a\u0000b'])).toThrow('U+0000');
    expect(() => stub.createCompositeKey('', [])).toThrow('non-zero length');
  });

  test('reads committed state only: no read-your-writes inside a transaction', async () => {
    const world = new WorldState();
    seed(world, { k: 'committed' });
    const stub = stubOn(world);
    await stub.putState('k', bytes('new'));
    await stub.putState('fresh', bytes('v'));
    expect(text(await stub.getState('k'))).toBe('committed');
    expect(await stub.getState('fresh')).toHaveLength(0);
    expect(await keysOf(stub.getStateByRange('', ''))).toEqual(['k']);
    world.commit(TX, new Date(), stub.writeSet);
    expect(text(await stubOn(world).getState('fresh'))).toBe('v');
  });

  test('treats an empty value as a delete and keeps the last write of a key', async () => {
    const world = new WorldState();
    seed(world, { gone: 'x', kept: 'x' });
    const stub = stubOn(world);
    await stub.putState('gone', new Uint8Array());
    await stub.deleteState('kept');
    await stub.putState('kept', bytes('again'));
    world.commit(TX, new Date(), stub.writeSet);
    expect(world.entries().map(([key, value]) => [key, text(value)])).toEqual([['kept', 'again']]);
  });

  test('returns range and partial-key results in UTF-8 key order', async () => {
    const world = new WorldState();
    const stub = stubOn(world);
    const attributes = ['b', 'B', 'a', '\u{1F600}', '\uFFFD', 'a.1', 'a1'];
    seed(world, Object.fromEntries(attributes.map((id) => [stub.createCompositeKey('t', [id]), 'v'])));
    seed(world, { [stub.createCompositeKey('u', ['a'])]: 'v', plain: 'v' });
    const found = await keysOf(stub.getStateByPartialCompositeKey('t', []));
    expect(found.map((key) => stub.splitCompositeKey(key).attributes[0])).toEqual([
      'B',
      'a',
      'a.1',
      'a1',
      'b',
      '\uFFFD',
      '\u{1F600}',
    ]);
    expect(await keysOf(stub.getStateByPartialCompositeKey('t', ['a']))).toEqual([
      stub.createCompositeKey('t', ['a']),
    ]);
    expect(await keysOf(stub.getStateByRange('', ''))).toEqual(['plain']);
    expect(await keysOf(stub.getStateByRange('a', 'q'))).toEqual(['plain']);
    await expect(stub.getStateByRange(stub.createCompositeKey('t', []), '')).rejects.toThrow(
      'null character',
    );
  });

  test('pages through a partial key with Fabric bookmarks', async () => {
    const world = new WorldState();
    const stub = stubOn(world);
    seed(
      world,
      Object.fromEntries(['1', '2', '3', '4', '5'].map((id) => [stub.createCompositeKey('t', [id]), 'v'])),
    );
    const first = await drain(stub, 't', [], 2, '');
    if (!('bookmark' in first)) {
      throw new Error('a page with results has metadata');
    }
    expect(first).toEqual({
      keys: [stub.createCompositeKey('t', ['1']), stub.createCompositeKey('t', ['2'])],
      bookmark: stub.createCompositeKey('t', ['3']),
      fetched: 2,
    });
    const second = await drain(stub, 't', [], 2, first.bookmark);
    expect(second.keys).toHaveLength(2);
    const last = await drain(stub, 't', [], 2, 'bookmark' in second ? second.bookmark : '');
    expect(last).toEqual({ keys: [stub.createCompositeKey('t', ['5'])], bookmark: '', fetched: 1 });
    expect(await drain(stub, 't', [], 5, '')).toMatchObject({ bookmark: '', fetched: 5 });
  });

  test('answers a page without results with no metadata at all, as a Fabric 1.4 peer does', async () => {
    const world = new WorldState();
    const stub = stubOn(world);
    seed(world, { [stub.createCompositeKey('t', ['1'])]: 'v' });
    expect(await drain(stub, 'u', [], 5, '')).toEqual({ keys: [], metadata: undefined });
    expect(await drain(stub, 't', ['2'], 5, '')).toEqual({ keys: [], metadata: undefined });
    const ranged = await stub.getStateByRangeWithPagination('', '', 10);
    expect(ranged.metadata as typeof ranged.metadata | undefined).toBeUndefined();
    await expect(stub.getStateByPartialCompositeKeyWithPagination('t', [], 0)).rejects.toThrow('pageSize');
  });

  test('refuses paginated queries and writes in the same transaction, as Fabric does', async () => {
    const world = new WorldState();
    const writer = stubOn(world);
    await writer.putState('k', bytes('v'));
    await expect(writer.getStateByPartialCompositeKeyWithPagination('t', [], 10, '')).rejects.toThrow(
      'Paginated queries are not allowed',
    );
    const reader = stubOn(world);
    await reader.getStateByPartialCompositeKeyWithPagination('t', [], 10, '');
    await expect(reader.putState('k', bytes('v'))).rejects.toThrow('Writes are not allowed');
  });

  test('keeps every committed version of a key, oldest first as a Fabric 1.4 peer answers', async () => {
    const world = new WorldState();
    seed(world, { k: 'one' }, '1'.repeat(64));
    seed(world, { k: 'two' }, '2'.repeat(64));
    seed(world, { k: null }, '3'.repeat(64));
    const history = [];
    for await (const entry of stubOn(world).getHistoryForKey('k')) {
      history.push({
        txId: entry.txId.slice(0, 1),
        isDelete: entry.isDelete,
        value: text(entry.value),
        seconds: entry.timestamp.seconds.toNumber(),
      });
    }
    expect(history).toEqual([
      { txId: '1', isDelete: false, value: 'one', seconds: 1735689600 },
      { txId: '2', isDelete: false, value: 'two', seconds: 1735689600 },
      { txId: '3', isDelete: true, value: '', seconds: 1735689600 },
    ]);
  });

  test('keeps only the last event of a transaction', () => {
    const stub = stubOn(new WorldState());
    expect(stub.event).toBeUndefined();
    stub.setEvent('First', bytes('1'));
    stub.setEvent('Second', bytes('2'));
    expect(stub.event?.name).toBe('Second');
    expect(() => {
      stub.setEvent('', bytes('x'));
    }).toThrow('non-empty');
  });

  test('stores key-level endorsement policies as key metadata on commit', async () => {
    const world = new WorldState();
    const stub = stubOn(world);
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('PEER', 'BankAMSP');
    await stub.setStateValidationParameter('k', policy.getPolicy());
    expect(await stub.getStateValidationParameter('k')).toHaveLength(0);
    world.commit(TX, new Date(), stub.writeSet);
    expect(new KeyEndorsementPolicy(await stubOn(world).getStateValidationParameter('k')).listOrgs()).toEqual(
      ['BankAMSP'],
    );
  });

  test('records a key whose validation parameter is read in the read set, as Fabric 1.4 does', async () => {
    const world = new WorldState();
    seed(world, { k: 'v' });
    const stub = stubOn(world);
    await stub.getStateValidationParameter('k');
    await stub.getStateValidationParameter('absent');
    expect([...stub.readSet]).toEqual([
      ['k', world.version('k')],
      ['absent', 0],
    ]);
  });

  test('reports the proposal: tx id, timestamp, function, arguments, creator', () => {
    const stub = stubOn(new WorldState());
    expect(stub.getTxID()).toBe(TX);
    expect(stub.getChannelID()).toBe('scf');
    expect(stub.getTxTimestamp().seconds.toNumber()).toBe(Date.UTC(2025, 2, 4, 5, 6, 7) / 1000);
    expect(stub.getTxTimestamp().nanos).toBe(89_000_000);
    expect(stub.getDateTimestamp().toISOString()).toBe('2025-03-04T05:06:07.089Z');
    expect(stub.getFunctionAndParameters()).toEqual({ fcn: 'F', params: ['x', 'y'] });
    expect(stub.getArgs()).toEqual(['F', 'x', 'y']);
    expect(stub.getStringArgs()).toEqual(['F', 'x', 'y']);
    expect(stub.getCreator().mspid).toBe('EnterpriseMSP');
    // A Fabric 1.4 peer does not tell its chaincode its MSP (no CORE_PEER_LOCALMSPID): the shim throws.
    expect(() => stub.getMspID()).toThrow('CORE_PEER_LOCALMSPID');
    expect(stub.getTransient().size).toBe(0);
  });

  test('refuses what Fabric on LevelDB does not offer and what it does not model', async () => {
    const stub = stubOn(new WorldState());
    await expect(stub.getQueryResult()).rejects.toThrow('ExecuteQuery not supported for leveldb');
    await expect(stub.getQueryResultWithPagination()).rejects.toThrow('ExecuteQuery not supported');
    expect(() => stub.getBinding()).toThrow('does not model');
    expect(() => stub.invokeChaincode()).toThrow('does not model');
    for (const call of [
      () => stub.getPrivateData(),
      () => stub.getPrivateDataHash(),
      () => stub.putPrivateData(),
      () => stub.deletePrivateData(),
      () => stub.purgePrivateData(),
      () => stub.setPrivateDataValidationParameter(),
      () => stub.getPrivateDataValidationParameter(),
      () => stub.getPrivateDataByRange(),
      () => stub.getPrivateDataByPartialCompositeKey(),
      () => stub.getPrivateDataQueryResult(),
    ]) {
      expect(call).toThrow('does not model');
    }
    await expect(stub.getState('')).rejects.toThrow('empty');
  });

  test('gives client identities their MSP and certificate attributes', () => {
    expect(creator.getMSPID()).toBe('EnterpriseMSP');
    expect(creator.getAttributeValue('scf.role')).toBe('operator');
    expect(creator.getAttributeValue('scf.participant')).toBeNull();
    expect(creator.getAttributeValue('toString')).toBeNull();
    expect(creator.assertAttributeValue('scf.role', 'operator')).toBe(true);
    expect(creator.assertAttributeValue('scf.role', 'admin')).toBe(false);
    expect(creator.getID()).toBe('x509::/CN=alice::/CN=ca.EnterpriseMSP');
    expect(text(creator.getIDBytes())).toBe(creator.getID());
  });
});

describe('the memory ledger', () => {
  const admin = (ledger: MemoryLedger): ReturnType<MemoryLedger['identity']> =>
    ledger.identity('EnterpriseMSP', { role: 'admin' });

  test('commits a submitted transaction in a block with its event', async () => {
    const ledger = new MemoryLedger();
    const result = await ledger.submit(admin(ledger), 'RegisterParticipant', ['ACME', 'Acme', 'ENTERPRISE']);
    expect(result.blockNumber).toBe(1);
    expect(result.event).toEqual({ name: 'ParticipantRegistered', payload: result.result });
    expect(ledger.transaction(result.txId)).toEqual({
      txId: result.txId,
      blockNumber: 1,
      validationCode: 'VALID',
      creatorMspId: 'EnterpriseMSP',
      fcn: 'RegisterParticipant',
    });
    expect(ledger.events()).toEqual([{ ...result.event, txId: result.txId, blockNumber: 1 }]);
    expect(result.txId).toMatch(/^[0-9a-f]{64}$/);
  });

  test('commits nothing for an evaluated or a refused transaction', async () => {
    const ledger = new MemoryLedger();
    await ledger.instantiate();
    const before = ledger.snapshot();
    const evaluated = await ledger.evaluate(admin(ledger), 'RegisterParticipant', [
      'ACME',
      'Acme',
      'ENTERPRISE',
    ]);
    expect(evaluated.event).toBeUndefined();
    await expect(
      ledger.submit(admin(ledger), 'RegisterParticipant', ['ACME', 'Acme', 'BANK']),
    ).rejects.toThrow('FORBIDDEN');
    expect(ledger.snapshot()).toEqual(before);
    expect(ledger.height).toBe(0);
    expect(ledger.transaction(evaluated.txId)).toBeUndefined();
  });

  test('refuses a function the contract does not declare', async () => {
    const ledger = new MemoryLedger();
    await expect(ledger.submit(admin(ledger), 'constructor')).rejects.toThrow(
      'function that does not exist: constructor',
    );
    await expect(ledger.evaluate(admin(ledger), 'Nope')).rejects.toThrow('does not exist: Nope');
  });

  test('uses the given tx id and timestamp, and otherwise a clock one second per transaction', async () => {
    const ledger = new MemoryLedger();
    const first = await ledger.evaluate(admin(ledger), 'ListParticipants', ['{"pageSize":100}']);
    const second = await ledger.evaluate(admin(ledger), 'ListParticipants', ['{"pageSize":100}']);
    expect(Date.parse(second.timestamp) - Date.parse(first.timestamp)).toBe(1000);
    const pinned = await ledger.evaluate(admin(ledger), 'ListParticipants', ['{"pageSize":1}'], {
      txId: 'b'.repeat(64),
      timestamp: new Date('2030-01-01T00:00:00Z'),
    });
    expect(pinned).toMatchObject({ txId: 'b'.repeat(64), timestamp: '2030-01-01T00:00:00.000Z' });
  });

  test('invalidates the later of two transactions that read the same key (MVCC)', async () => {
    const ledger = new MemoryLedger();
    const first = await ledger.endorse(admin(ledger), 'RegisterParticipant', ['A1', 'A', 'ENTERPRISE']);
    const second = await ledger.endorse(admin(ledger), 'RegisterParticipant', ['A1', 'A', 'ENTERPRISE']);
    ledger.commit(first);
    expect(() => ledger.commit(second)).toThrow(
      new TransactionInvalidError(second.txId, 'MVCC_READ_CONFLICT'),
    );
    expect(ledger.transaction(second.txId)?.validationCode).toBe('MVCC_READ_CONFLICT');
    expect(ledger.height).toBe(2);
    expect(ledger.events()).toHaveLength(1);
  });

  test('invalidates a transaction whose range query would now return other keys (phantom read)', async () => {
    const ledger = new MemoryLedger();
    const enterprise = admin(ledger);
    await ledger.submit(enterprise, 'RegisterParticipant', ['CORE', 'Core', 'ENTERPRISE']);
    await ledger.submit(ledger.identity('BankAMSP', { role: 'admin' }), 'RegisterParticipant', [
      'BANKA',
      'Bank A',
      'BANK',
    ]);
    const bank = ledger.identity('BankAMSP', { role: 'operator', participant: 'BANKA' });
    const core = ledger.identity('EnterpriseMSP', { role: 'operator', participant: 'CORE' });
    await ledger.submit(ledger.identity('EnterpriseMSP', { role: 'admin' }), 'RegisterParticipant', [
      'SUP',
      'Sup',
      'ENTERPRISE',
    ]);
    await ledger.submit(bank, 'GrantCreditLine', ['CL-B', 'CORE', 'EUR', '100']);
    const issue = await ledger.endorse(core, 'IssueReceivable', [
      JSON.stringify({ creditorId: 'SUP', amount: '10', currency: 'EUR', dueDate: '2026-01-01' }),
    ]);
    await ledger.submit(bank, 'GrantCreditLine', ['CL-A', 'CORE', 'EUR', '100']);
    expect(() => ledger.commit(issue)).toThrow('PHANTOM_READ_CONFLICT');
  });
});
