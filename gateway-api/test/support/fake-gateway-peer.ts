/**
 * A fake Fabric peer Gateway service (gRPC, insecure, 127.0.0.1): enough of `gateway.Gateway` for
 * the real fabric-gateway client to endorse, submit, wait for commit status, evaluate and stream
 * chaincode events, with scripted answers and failures.
 */
import * as grpc from '@grpc/grpc-js';
import { common, gateway, google, peer } from '@hyperledger/fabric-protos';
import { Any } from 'google-protobuf/google/protobuf/any_pb';

/** A scripted gRPC failure, with the per-peer details fabric-gateway reads (`err.details[].message`). */
export interface PeerFailure {
  readonly code: grpc.status;
  readonly message: string;
  readonly details?: readonly string[];
}

/** What a proposal asked. */
export interface ProposalCall {
  readonly transactionId: string;
  readonly chaincode: string;
  readonly fn: string;
  readonly args: readonly string[];
}

/** The scripted behaviour of the fake peer; each handler returns a result or a failure. */
export interface FakePeerScript {
  endorse?(call: ProposalCall): Uint8Array | PeerFailure | Promise<Uint8Array | PeerFailure>;
  evaluate?(call: ProposalCall): Uint8Array | PeerFailure;
  submit?(transactionId: string): PeerFailure | undefined;
  commitStatus?(transactionId: string): { code: number; blockNumber: number } | PeerFailure;
  events?(request: gateway.ChaincodeEventsRequest): readonly peer.ChaincodeEvent[];
}

/** A running fake peer. */
export interface FakePeer {
  readonly address: string;
  /** Every commit-status request's transaction id. */
  readonly commitStatusRequests: string[];
  stop(): Promise<void>;
}

const isFailure = (value: unknown): value is PeerFailure =>
  typeof value === 'object' && value !== null && 'code' in value && 'message' in value;

function serviceError(failure: PeerFailure): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  const status = new google.rpc.Status();
  status.setCode(failure.code);
  status.setMessage(failure.message);
  status.setDetailsList(
    (failure.details ?? []).map((message) => {
      const detail = new gateway.ErrorDetail();
      detail.setAddress('peer0.enterprise.scf.local:7051');
      detail.setMspId('EnterpriseMSP');
      detail.setMessage(message);
      const any = new Any();
      any.setTypeUrl('type.googleapis.com/gateway.ErrorDetail');
      any.setValue(detail.serializeBinary());
      return any;
    }),
  );
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return { code: failure.code, details: failure.message, metadata };
}

function proposalCall(signed: peer.SignedProposal | undefined): { call: ProposalCall; header: Uint8Array } {
  if (signed === undefined) {
    throw new Error('no proposal');
  }
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec();
  const args = (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) => Buffer.from(arg).toString('utf8'));
  return {
    call: {
      transactionId: channelHeader.getTxId(),
      chaincode: spec?.getChaincodeId()?.getName() ?? '',
      fn: args[0] ?? '',
      args: args.slice(1),
    },
    header: proposal.getHeader_asU8(),
  };
}

function preparedTransaction(header: Uint8Array, result: Uint8Array): common.Envelope {
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(result);
  const action = new peer.ChaincodeAction();
  action.setResponse(response);
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const transactionAction = new peer.TransactionAction();
  transactionAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([transactionAction]);
  const payload = new common.Payload();
  payload.setHeader(common.Header.deserializeBinary(header));
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

/** Starts a fake peer on a free port. */
export async function startFakePeer(script: FakePeerScript): Promise<FakePeer> {
  const server = new grpc.Server();
  const commitStatusRequests: string[] = [];
  const implementation: gateway.IGatewayServer = {
    endorse: (call, callback) => {
      const { call: proposal, header } = proposalCall(call.request.getProposedTransaction());
      void Promise.resolve(script.endorse?.(proposal) ?? new Uint8Array()).then((answer) => {
        if (isFailure(answer)) {
          callback(serviceError(answer));
          return;
        }
        const response = new gateway.EndorseResponse();
        response.setPreparedTransaction(preparedTransaction(header, answer));
        callback(null, response);
      });
    },
    submit: (call, callback) => {
      const failure = script.submit?.(call.request.getTransactionId());
      if (failure !== undefined) {
        callback(serviceError(failure));
        return;
      }
      callback(null, new gateway.SubmitResponse());
    },
    commitStatus: (call, callback) => {
      const request = gateway.CommitStatusRequest.deserializeBinary(call.request.getRequest_asU8());
      commitStatusRequests.push(request.getTransactionId());
      const answer = script.commitStatus?.(request.getTransactionId()) ?? { code: 0, blockNumber: 1 };
      if (isFailure(answer)) {
        callback(serviceError(answer));
        return;
      }
      const response = new gateway.CommitStatusResponse();
      response.setResult(answer.code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
      response.setBlockNumber(answer.blockNumber);
      callback(null, response);
    },
    evaluate: (call, callback) => {
      const { call: proposal } = proposalCall(call.request.getProposedTransaction());
      const answer = script.evaluate?.(proposal) ?? new Uint8Array();
      if (isFailure(answer)) {
        callback(serviceError(answer));
        return;
      }
      const response = new peer.Response();
      response.setStatus(200);
      response.setPayload(answer);
      const evaluated = new gateway.EvaluateResponse();
      evaluated.setResult(response);
      callback(null, evaluated);
    },
    chaincodeEvents: (call) => {
      const request = gateway.ChaincodeEventsRequest.deserializeBinary(call.request.getRequest_asU8());
      for (const event of script.events?.(request) ?? []) {
        const response = new gateway.ChaincodeEventsResponse();
        response.setEventsList([event]);
        response.setBlockNumber(5);
        call.write(response);
      }
    },
  };
  server.addService(gateway.GatewayService, implementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error === null) {
        resolve(bound);
      } else {
        reject(error);
      }
    });
  });
  return {
    address: `127.0.0.1:${port}`,
    commitStatusRequests,
    stop: () =>
      new Promise((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
      }),
  };
}
