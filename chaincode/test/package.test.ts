import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { toJson } from '../src/contract';
import { DEFAULT_ORG_MAP } from './support/ledger';
import { freePort, readmeFunctions, selfSignedCert, waitForOutput } from './support/processes';

/**
 * The deployable package (`npm run package`: package.json without dependencies + one bundled file)
 * built into a folder outside the repository, so nothing can come from its node_modules, and run the
 * way a Fabric 1.4 peer runs it: `npm start -- --peer.address …` connecting to the peer's
 * ChaincodeSupport service (a fake peer here), plus `metadata generate` and the chaincode-as-a-service
 * server with mutual TLS.
 */

const chaincodeDir = resolve(__dirname, '..');
const chaincodePackage = JSON.parse(readFileSync(join(chaincodeDir, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

let work: string;
let pkg: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'scf-chaincode-package-'));
  pkg = join(work, 'package');
  // Compiles nothing: bundles dist/ (npm test builds it first) into the folder.
  execFileSync(process.execPath, [join(chaincodeDir, 'packaging', 'build.mjs'), pkg], { stdio: 'pipe' });
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A signed proposal (the signature is not checked by the shim) from `mspId` with certificate `cert`. */
function proposalFrom(
  mspId: string,
  cert: string,
  txId: string,
  args: readonly string[],
): peer.SignedProposal {
  const creator = new msp.SerializedIdentity();
  creator.setMspid(mspId);
  creator.setIdBytes(readFileSync(cert));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  signatureHeader.setNonce(Buffer.from('nonce'));
  const timestamp = new Timestamp();
  timestamp.setSeconds(1_735_689_600);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId('scf');
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(timestamp);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(inputOf(args).serializeBinary());
  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const signed = new peer.SignedProposal();
  signed.setProposalBytes(proposal.serializeBinary());
  signed.setSignature(Buffer.from('unchecked'));
  return signed;
}

function inputOf(args: readonly string[]): peer.ChaincodeInput {
  const input = new peer.ChaincodeInput();
  input.setArgsList(args.map((arg) => Buffer.from(arg, 'utf8')));
  return input;
}

function message(
  type: peer.ChaincodeMessage.TypeMap[keyof peer.ChaincodeMessage.TypeMap],
  txId = '',
  payload?: Uint8Array,
): peer.ChaincodeMessage {
  const msg = new peer.ChaincodeMessage();
  msg.setType(type);
  msg.setTxid(txId);
  msg.setChannelId(txId === '' ? '' : 'scf');
  if (payload !== undefined) {
    msg.setPayload(payload);
  }
  return msg;
}

/**
 * A fake peer: serves ChaincodeSupport.Register, answers the chaincode's REGISTER with REGISTERED
 * and READY, and lets the test send transactions and read what the chaincode answers.
 */
class FakePeer {
  private readonly server = new grpc.Server();
  private stream: grpc.ServerDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage> | undefined;
  private readonly waiting = new Map<string, (msg: peer.ChaincodeMessage) => void>();
  public registeredAs: string | undefined;
  /** The world state the peer answers GET_STATE from (a missing key reads as empty). */
  public readonly state = new Map<string, Uint8Array>();
  private ready: (() => void) | undefined;
  public readonly registered = new Promise<void>((done) => {
    this.ready = done;
  });

  public async listen(): Promise<number> {
    this.server.addService(peer.ChaincodeSupportService, {
      register: (stream: grpc.ServerDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage>) => {
        this.stream = stream;
        stream.on('data', (msg: peer.ChaincodeMessage) => {
          this.receive(msg);
        });
        stream.on('error', () => undefined);
      },
    });
    return new Promise((done, fail) => {
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error === null) {
          done(port);
        } else {
          fail(error);
        }
      });
    });
  }

  /** Sends a TRANSACTION and resolves with the chaincode's COMPLETED (or ERROR) message. */
  public invoke(
    txId: string,
    proposal: peer.SignedProposal,
    args: readonly string[],
  ): Promise<peer.ChaincodeMessage> {
    const answer = new Promise<peer.ChaincodeMessage>((done) => {
      this.waiting.set(txId, done);
    });
    const msg = message(peer.ChaincodeMessage.Type.TRANSACTION, txId, inputOf(args).serializeBinary());
    msg.setProposal(proposal);
    this.stream?.write(msg);
    return answer;
  }

  public stop(): void {
    this.stream?.end();
    this.server.forceShutdown();
  }

  private receive(msg: peer.ChaincodeMessage): void {
    if (msg.getType() === peer.ChaincodeMessage.Type.REGISTER) {
      this.registeredAs = peer.ChaincodeID.deserializeBinary(msg.getPayload_asU8()).getName();
      this.stream?.write(message(peer.ChaincodeMessage.Type.REGISTERED));
      this.stream?.write(message(peer.ChaincodeMessage.Type.READY));
      this.ready?.();
      return;
    }
    if (msg.getType() === peer.ChaincodeMessage.Type.GET_STATE) {
      const key = peer.GetState.deserializeBinary(msg.getPayload_asU8()).getKey();
      this.stream?.write(
        message(peer.ChaincodeMessage.Type.RESPONSE, msg.getTxid(), this.state.get(key) ?? new Uint8Array()),
      );
      return;
    }
    this.waiting.get(msg.getTxid())?.(msg);
  }
}

function responseOf(msg: peer.ChaincodeMessage): { status: number; message: string; payload: string } {
  expect(msg.getType()).toBe(peer.ChaincodeMessage.Type.COMPLETED);
  const response = peer.Response.deserializeBinary(msg.getPayload_asU8());
  return {
    status: response.getStatus(),
    message: response.getMessage(),
    payload: Buffer.from(response.getPayload_asU8()).toString('utf8'),
  };
}

describe('the deployable package', () => {
  test('is a package.json without dependencies that starts one bundled file', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest).toEqual({
      name: chaincodePackage.name,
      version: chaincodePackage.version,
      description: expect.any(String) as unknown,
      license: 'Apache-2.0',
      private: true,
      main: 'chaincode.js',
      engines: { node: '>=18' },
      scripts: { start: 'node chaincode.js start' },
    });
    expect(statSync(join(pkg, 'chaincode.js')).size).toBeGreaterThan(1_000_000);
  });

  test('generates contract metadata listing every transaction of the README', () => {
    const file = join(work, 'metadata.json');
    execFileSync(process.execPath, ['chaincode.js', 'metadata', 'generate', '--file', file], {
      cwd: pkg,
      stdio: 'ignore',
    });
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as {
      info: unknown;
      contracts: Record<string, { transactions: { name: string; tag: string[] }[] }>;
    };
    expect(metadata.info).toEqual({ title: chaincodePackage.name, version: chaincodePackage.version });
    const names = metadata.contracts['ReceivablesContract']?.transactions.map((tx) => tx.name) ?? [];
    expect(readmeFunctions.length).toBeGreaterThanOrEqual(22);
    expect([...names].sort()).toEqual([...readmeFunctions].sort());
  });

  test('starts as `npm start -- --peer.address …` does, registers with the peer and runs transactions', async () => {
    const fakePeer = new FakePeer();
    // The org map an instantiate would have written.
    fakePeer.state.set('\u0000config\u0000orgs\u0000', Buffer.from(toJson(DEFAULT_ORG_MAP)));
    const port = await fakePeer.listen();
    const client = selfSignedCert(work, 'client');
    // What `npm start -- --peer.address …` runs, with the environment a 1.4 peer gives its container.
    const child = spawn(process.execPath, ['chaincode.js', 'start', '--peer.address', `127.0.0.1:${port}`], {
      cwd: pkg,
      env: {
        PATH: process.env['PATH'] ?? '',
        CORE_CHAINCODE_ID_NAME: 'receivables:1',
        CORE_PEER_TLS_ENABLED: 'false',
        CORE_CHAINCODE_LOGGING_LEVEL: 'warning',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    try {
      await Promise.race([
        fakePeer.registered,
        new Promise((_, fail) => {
          child.once('exit', () => {
            fail(new Error(`exited:\n${output}`));
          });
        }),
      ]);
      expect(fakePeer.registeredAs).toBe('receivables:1');
      const metadataCall = ['org.hyperledger.fabric:GetMetadata'];
      const metadata = responseOf(
        await fakePeer.invoke(
          'tx1',
          proposalFrom('EnterpriseMSP', client.cert, 'tx1', metadataCall),
          metadataCall,
        ),
      );
      expect(metadata).toMatchObject({ status: 200 });
      expect(metadata.payload).toContain('"GetEndorsementPlan"');
      // The contract's own logic runs: a caller without the scf.role attribute is refused.
      const read = ['GetParticipant', 'CORE'];
      const refused = responseOf(
        await fakePeer.invoke('tx2', proposalFrom('EnterpriseMSP', client.cert, 'tx2', read), read),
      );
      expect(refused).toMatchObject({
        status: 500,
        message: expect.stringMatching(/^FORBIDDEN: /) as unknown,
      });
      const stranger = responseOf(
        await fakePeer.invoke('tx3', proposalFrom('StrangerMSP', client.cert, 'tx3', read), read),
      );
      expect(stranger.message).toBe('FORBIDDEN: org StrangerMSP is not a member of this network');
    } finally {
      child.kill('SIGKILL');
      fakePeer.stop();
    }
  }, 30_000);

  test('serves as a chaincode-as-a-service server that requires a client certificate', async () => {
    const server = selfSignedCert(work, 'chaincode');
    const peerCert = selfSignedCert(work, 'peer');
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        'chaincode.js',
        'server',
        '--chaincode-address',
        `127.0.0.1:${port}`,
        '--chaincode-id',
        'receivables_1:0000',
        '--chaincode-tls-cert-file',
        server.cert,
        '--chaincode-tls-key-file',
        server.key,
        '--chaincode-tls-client-cacert-file',
        peerCert.cert,
      ],
      { cwd: pkg, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await waitForOutput(child, 'Bootstrap process completed');
      const credentials = (client?: { cert: string; key: string }): grpc.ChannelCredentials =>
        grpc.credentials.createSsl(
          readFileSync(server.cert),
          client === undefined ? null : readFileSync(client.key),
          client === undefined ? null : readFileSync(client.cert),
        );
      const connects = async (client?: { cert: string; key: string }): Promise<boolean> => {
        const connection = new peer.ChaincodeClient(`127.0.0.1:${port}`, credentials(client));
        try {
          const stream = connection.connect();
          const answered = await new Promise<boolean>((done) => {
            // The chaincode speaks first: REGISTER, once the peer's TLS connection is accepted.
            stream.once('data', () => {
              done(true);
            });
            stream.once('error', () => {
              done(false);
            });
            setTimeout(() => {
              done(false);
            }, 5_000).unref();
          });
          stream.cancel();
          return answered;
        } finally {
          connection.close();
        }
      };
      expect(await connects()).toBe(false);
      expect(await connects(peerCert)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
