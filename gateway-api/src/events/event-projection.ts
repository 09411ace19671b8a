/**
 * Turns a chaincode event into what the event log keeps: the data served to clients (decimal
 * amounts) and its audience, the participants named in it.
 */
import { z } from 'zod';
import { creditLineView, financingRequestView, receivableView } from '../api/views';
import {
  CreditLineRecord,
  FinancingResult,
  ParticipantRecord,
  ReceivableResult,
  type ReceivableRecord,
} from '../domain/records';
import { PUBLIC_AUDIENCE, type NewEvent } from '../store/event-log';

/** What the log keeps of an event, besides its position. */
export type EventProjection = Pick<NewEvent, 'data' | 'audience' | 'creditLine'>;

const RECEIVABLE_EVENTS = new Set([
  'ReceivableIssued',
  'ReceivableAccepted',
  'ReceivableRejected',
  'ReceivableCancelled',
  'ReceivableTransferred',
  'ReceivableSplit',
  'ReceivableSettled',
]);

const FINANCING_EVENTS = new Set(['FinancingRequested', 'FinancingApproved', 'FinancingRejected']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(payload));
  } catch {
    return undefined;
  }
}

/** The participants named by a receivable, and the bank of its credit line. */
function partiesOf(
  receivable: ReceivableRecord,
  bankOfCreditLine: (id: string) => string | undefined,
): string[] {
  return [
    receivable.obligorId,
    receivable.originalCreditorId,
    receivable.holderId,
    ...(receivable.financing ? [receivable.financing.bankId] : []),
    ...receivable.hops.flatMap((hop) => (hop.fromId === null ? [hop.toId] : [hop.fromId, hop.toId])),
    ...[bankOfCreditLine(receivable.creditLineId)].filter((bank) => bank !== undefined),
  ];
}

/**
 * Projects one event. Events that cannot be read (an unknown name, a payload outside the contract)
 * keep their raw payload and are shown to auditors only.
 *
 * @param bankOfCreditLine - the bank of a credit line announced by an earlier event
 */
export function projectEvent(
  eventName: string,
  payload: Uint8Array,
  bankOfCreditLine: (creditLineId: string) => string | undefined,
): EventProjection {
  const document = parseJson(payload);
  const readable = <T>(schema: z.ZodType<T>): T | undefined => schema.safeParse(document).data;

  if (eventName === 'ParticipantRegistered') {
    const participant = readable(ParticipantRecord);
    if (participant !== undefined) {
      return { data: participant, audience: [PUBLIC_AUDIENCE] };
    }
  }
  if (eventName === 'CreditLineGranted') {
    const line = readable(CreditLineRecord);
    if (line !== undefined) {
      return {
        data: creditLineView(line),
        audience: [line.bankId, line.obligorId],
        creditLine: { id: line.id, bankId: line.bankId },
      };
    }
  }
  if (RECEIVABLE_EVENTS.has(eventName)) {
    const result = readable(ReceivableResult);
    if (result !== undefined) {
      const all = [result.receivable, ...(result.parts ?? [])];
      return {
        data: {
          receivable: receivableView(result.receivable),
          ...(result.parts === undefined ? {} : { parts: result.parts.map(receivableView) }),
        },
        audience: all.flatMap((receivable) => partiesOf(receivable, bankOfCreditLine)),
      };
    }
  }
  if (FINANCING_EVENTS.has(eventName)) {
    const result = readable(FinancingResult);
    if (result !== undefined) {
      const { financingRequest, receivable } = result;
      return {
        data: {
          financingRequest: financingRequestView(financingRequest, receivable.currency),
          receivable: receivableView(receivable),
        },
        audience: [
          financingRequest.requesterId,
          financingRequest.bankId,
          ...partiesOf(receivable, bankOfCreditLine),
        ],
      };
    }
  }
  return {
    data: { unreadable: true, payload: document ?? Buffer.from(payload).toString('base64') },
    audience: [],
  };
}
