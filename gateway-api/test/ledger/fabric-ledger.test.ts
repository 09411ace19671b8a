/**
 * The Fabric adapter (real @hyperledger/fabric-gateway client) against a fake peer Gateway service.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { status } from '@grpc/grpc-js';
import {
  CommitRejectedError,
  CommitUnknownError,
  EndorsementError,
  EvaluationError,
  OverloadError,
  SubmissionError,
} from '../../src/domain/errors';
import { createFabricLedger } from '../../src/ledger/fabric-ledger';
import type {
  Ledger,
  LedgerCaller,
  LedgerEvent,
  PreparedTransaction,
  SettledTransaction,
} from '../../src/ledger/ledger';
import type { PeerConnections } from '../../src/ledger/peer-connections';
import { createMetrics } from '../../src/observability/metrics';
import { startFakePeer, type FakePeer, type FakePeerScript } from '../support/fake-gateway-peer';
import { TEST_PROFILE } from '../support/fixtures';

const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

let keyReads = 0;
const caller: LedgerCaller = {
  id: 'ops@enterprise',
  org: 'enterprise',
  mspId: 'EnterpriseMSP',
  certificate: '-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n',
  privateKey: () => {
    keyReads += 1;
    return KEY;
  },
};

const deadline = (): Date => new Date(Date.now() + 5_000);
const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

interface Harness {
  readonly ledger: Ledger;
  readonly peer: FakePeer;
  readonly prepared: PreparedTransaction[];
  readonly settled: SettledTransaction[];
  readonly metrics: ReturnType<typeof createMetrics>;
}

const harnesses: Harness[] = [];

async function harness(script: FakePeerScript, maxInFlightSubmits = 10): Promise<Harness> {
  const fakePeer = await startFakePeer(script);
  const client = new grpc.Client(fakePeer.address, grpc.credentials.createInsecure());
  const peers: PeerConnections = {
    client: () => client,
    tlsClientCertificateHash: () => undefined,
    isReachable: (_org, until) =>
      new Promise((resolve) => {
        client.waitForReady(until, (error) => {
          resolve(error === undefined);
        });
      }),
    close: () => {
      client.close();
    },
  };
  const prepared: PreparedTransaction[] = [];
  const settled: SettledTransaction[] = [];
  const metrics = createMetrics(false);
  const ledger = createFabricLedger({
    profile: TEST_PROFILE,
    observer: { prepared: (entry) => prepared.push(entry), settled: (entry) => settled.push(entry) },
    metrics,
    maxInFlightSubmits,
    endorseRetries: 2,
    peers,
  });
  const created = { ledger, peer: fakePeer, prepared, settled, metrics };
  harnesses.push(created);
  return created;
}

afterEach(async () => {
  for (const { ledger, peer: fakePeer } of harnesses.splice(0)) {
    ledger.close();
    await fakePeer.stop();
  }
});

const submit = (ledger: Ledger, fn = 'AcceptReceivable'): ReturnType<Ledger['submit']> =>
  ledger.submit({ caller, fn, args: ['R1'], deadline: deadline() });

test('submit: endorses, submits, waits for the commit and returns the result; the journal sees both ends', async () => {
  const { ledger, prepared, settled, metrics } = await harness({
    endorse: (call) => json({ fn: call.fn, args: call.args, chaincode: call.chaincode }),
    commitStatus: () => ({ code: 0, blockNumber: 42 }),
  });
  const result = await submit(ledger);
  expect(JSON.parse(Buffer.from(result.result).toString())).toEqual({
    fn: 'AcceptReceivable',
    args: ['R1'],
    chaincode: 'receivables',
  });
  expect(result.blockNumber).toBe(42n);
  expect(prepared).toEqual([
    {
      transactionId: result.transactionId,
      callerId: 'ops@enterprise',
      org: 'enterprise',
      fn: 'AcceptReceivable',
    },
  ]);
  expect(settled).toEqual([
    { transactionId: result.transactionId, outcome: 'COMMITTED', validationCode: 'VALID', blockNumber: 42n },
  ]);
  const exposition = await metrics.registry.metrics();
  expect(exposition).toContain(
    'scf_fabric_submit_duration_seconds_count{fn="AcceptReceivable",outcome="ok"} 1',
  );
  expect(exposition).toContain(
    'scf_fabric_commit_duration_seconds_count{fn="AcceptReceivable",outcome="ok"} 1',
  );
});

test('the signer is built once per user: the key is not re-read per request', async () => {
  const { ledger } = await harness({ endorse: () => json({}) });
  keyReads = 0;
  await submit(ledger);
  await submit(ledger);
  await ledger.evaluate({ caller, fn: 'GetReceivable', args: ['R1'], deadline: deadline() });
  expect(keyReads).toBe(1);
});

test('"ProposalResponsePayloads do not match" is retried with a new transaction', async () => {
  let attempts = 0;
  const { ledger, prepared, settled } = await harness({
    endorse: () => {
      attempts += 1;
      return attempts < 3
        ? {
            code: status.ABORTED,
            message: 'failed to endorse',
            details: ['ProposalResponsePayloads do not match'],
          }
        : json({ ok: true });
    },
  });
  const result = await submit(ledger);
  expect(attempts).toBe(3);
  expect(new Set(prepared.map((entry) => entry.transactionId)).size).toBe(3);
  expect(settled.map((entry) => entry.outcome)).toEqual(['NOT_SUBMITTED', 'NOT_SUBMITTED', 'COMMITTED']);
  expect(settled.at(-1)?.transactionId).toBe(result.transactionId);
});

test('the retries are bounded', async () => {
  const { ledger, prepared } = await harness({
    endorse: () => ({
      code: status.ABORTED,
      message: 'x',
      details: ['ProposalResponsePayloads do not match'],
    }),
  });
  await expect(submit(ledger)).rejects.toMatchObject({
    name: EndorsementError.name,
    code: 'UPSTREAM_UNAVAILABLE',
  });
  expect(prepared).toHaveLength(3);
});

test('a chaincode refusal keeps its code and the transaction id', async () => {
  const { ledger, prepared } = await harness({
    endorse: () => ({
      code: status.ABORTED,
      message: 'failed to endorse transaction, see attached details for more info',
      details: ['chaincode response 500, LIMIT_EXCEEDED: credit line CL-1 has 0.00 left'],
    }),
  });
  const error: unknown = await submit(ledger).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(EndorsementError);
  expect(error).toMatchObject({
    code: 'LIMIT_EXCEEDED',
    message: 'credit line CL-1 has 0.00 left',
    transactionId: prepared[0]?.transactionId,
  });
});

test('a transaction committed with MVCC_READ_CONFLICT is a CONFLICT carrying the validation code', async () => {
  const { ledger, settled } = await harness({
    endorse: () => json({}),
    commitStatus: () => ({ code: peer.TxValidationCode.MVCC_READ_CONFLICT, blockNumber: 9 }),
  });
  const error: unknown = await submit(ledger).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CommitRejectedError);
  expect(error).toMatchObject({ code: 'CONFLICT', validationCode: 'MVCC_READ_CONFLICT' });
  expect(settled.at(-1)).toMatchObject({
    outcome: 'INVALID',
    validationCode: 'MVCC_READ_CONFLICT',
    blockNumber: 9n,
  });
});

test('ENDORSEMENT_POLICY_FAILURE at commit is an upstream failure', async () => {
  const { ledger } = await harness({
    endorse: () => json({}),
    commitStatus: () => ({ code: peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE, blockNumber: 9 }),
  });
  await expect(submit(ledger)).rejects.toMatchObject({
    code: 'UPSTREAM_FAILED',
    validationCode: 'ENDORSEMENT_POLICY_FAILURE',
  });
});

test('an orderer refusal is a submission failure; the journal records it as not submitted', async () => {
  const { ledger, settled } = await harness({
    endorse: () => json({}),
    submit: () => ({ code: status.UNAVAILABLE, message: 'no orderer' }),
  });
  await expect(submit(ledger)).rejects.toMatchObject({
    name: SubmissionError.name,
    code: 'UPSTREAM_UNAVAILABLE',
  });
  expect(settled.at(-1)?.outcome).toBe('NOT_SUBMITTED');
});

test('an unknown commit status leaves the journal entry pending', async () => {
  const { ledger, prepared, settled } = await harness({
    endorse: () => json({}),
    commitStatus: () => ({ code: status.DEADLINE_EXCEEDED, message: 'too slow' }),
  });
  await expect(submit(ledger)).rejects.toBeInstanceOf(CommitUnknownError);
  expect(prepared).toHaveLength(1);
  expect(settled).toEqual([]);
});

test('an unreachable peer → UPSTREAM_UNAVAILABLE', async () => {
  const { ledger, peer: fakePeer } = await harness({ endorse: () => json({}) });
  await fakePeer.stop();
  await expect(
    ledger.submit({ caller, fn: 'AcceptReceivable', args: ['R1'], deadline: new Date(Date.now() + 500) }),
  ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  expect(await ledger.checkPeers(new Date(Date.now() + 200))).toContainEqual({
    org: 'enterprise',
    reachable: false,
  });
});

test('back-pressure: beyond the in-flight limit a submit is refused at once', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { ledger, metrics } = await harness({ endorse: () => gate.then(() => json({})) }, 1);
  const first = submit(ledger);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await metrics.registry.getSingleMetricAsString('scf_fabric_inflight_submits')).toContain(
    'scf_fabric_inflight_submits 1',
  );
  await expect(submit(ledger)).rejects.toBeInstanceOf(OverloadError);
  release();
  await first;
  await expect(submit(ledger)).resolves.toBeDefined();
});

test('evaluate returns the query result; a refusal maps by its code', async () => {
  const { ledger } = await harness({
    evaluate: (call) =>
      call.args[0] === 'R1'
        ? json({ id: 'R1' })
        : {
            code: status.UNKNOWN,
            message: 'evaluate failed',
            details: ['chaincode response 500, NOT_FOUND: no such receivable'],
          },
  });
  const found = await ledger.evaluate({ caller, fn: 'GetReceivable', args: ['R1'], deadline: deadline() });
  expect(JSON.parse(Buffer.from(found).toString())).toEqual({ id: 'R1' });
  await expect(
    ledger.evaluate({ caller, fn: 'GetReceivable', args: ['R2'], deadline: deadline() }),
  ).rejects.toMatchObject({ name: EvaluationError.name, code: 'NOT_FOUND', message: 'no such receivable' });
});

test('getTransaction decodes qscc answers; an unknown id is NOT_FOUND', async () => {
  const txId = 'ab'.repeat(32);
  const processed = (): Uint8Array => {
    const creator = new msp.SerializedIdentity();
    creator.setMspid('BankAMSP');
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creator.serializeBinary());
    const channelHeader = new common.ChannelHeader();
    channelHeader.setTxId(txId);
    const header = new common.Header();
    header.setSignatureHeader(signatureHeader.serializeBinary());
    header.setChannelHeader(channelHeader.serializeBinary());
    const payload = new common.Payload();
    payload.setHeader(header);
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    const result = new peer.ProcessedTransaction();
    result.setTransactionenvelope(envelope);
    result.setValidationcode(peer.TxValidationCode.VALID);
    return result.serializeBinary();
  };
  const block = (): Uint8Array => {
    const header = new common.BlockHeader();
    header.setNumber(17);
    const result = new common.Block();
    result.setHeader(header);
    return result.serializeBinary();
  };
  const { ledger } = await harness({
    evaluate: (call) => {
      expect(call.chaincode).toBe('qscc');
      expect(call.args[0]).toBe('scf');
      if (call.args[1] !== txId) {
        return {
          code: status.UNKNOWN,
          message: 'x',
          details: [
            `Failed to get transaction with id ${call.args[1]}, error no such transaction ID [${call.args[1]}] in index`,
          ],
        };
      }
      return call.fn === 'GetTransactionByID' ? processed() : block();
    },
  });
  await expect(ledger.getTransaction({ caller, transactionId: txId, deadline: deadline() })).resolves.toEqual(
    {
      transactionId: txId,
      validationCode: 'VALID',
      blockNumber: 17n,
      creatorMspId: 'BankAMSP',
      timestamp: undefined,
    },
  );
  await expect(
    ledger.getTransaction({ caller, transactionId: 'cd'.repeat(32), deadline: deadline() }),
  ).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('getCommitStatus asks the peer about a transaction id it did not submit in this process', async () => {
  const txId = 'ef'.repeat(32);
  const { ledger, peer: fakePeer } = await harness({ commitStatus: () => ({ code: 11, blockNumber: 3 }) });
  await expect(
    ledger.getCommitStatus({ caller, transactionId: txId, deadline: deadline() }),
  ).resolves.toEqual({
    transactionId: txId,
    valid: false,
    validationCode: 'MVCC_READ_CONFLICT',
    blockNumber: 3n,
  });
  expect(fakePeer.commitStatusRequests).toEqual([txId]);
});

test('subscribeEvents resumes after the checkpoint and maps the events', async () => {
  const requests: { after: string; block: number }[] = [];
  const { ledger } = await harness({
    events: (request) => {
      requests.push({
        after: request.getAfterTransactionId(),
        block: request.getStartPosition()?.getSpecified()?.getNumber() ?? -1,
      });
      const event = new peer.ChaincodeEvent();
      event.setChaincodeId('receivables');
      event.setTxId('tx-2');
      event.setEventName('ReceivableIssued');
      event.setPayload(json({ receivable: { id: 'R1' } }));
      return [event];
    },
  });
  const subscription = await ledger.subscribeEvents({
    caller,
    after: { blockNumber: 4n, transactionId: 'tx-1' },
  });
  const received: LedgerEvent[] = [];
  for await (const event of subscription) {
    received.push(event);
    subscription.close();
  }
  expect(requests).toEqual([{ after: 'tx-1', block: 4 }]);
  expect(received).toEqual([
    {
      blockNumber: 5n,
      transactionId: 'tx-2',
      eventName: 'ReceivableIssued',
      payload: expect.any(Uint8Array) as unknown,
    },
  ]);
});
