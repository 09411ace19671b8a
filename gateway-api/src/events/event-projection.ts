/**
 * Turns a chaincode event into what the event log keeps: the data served to clients (decimal
 * amounts). Who may see it is not decided here: see {@link subjectsOf} and the event stream, which
 * ask the chaincode.
 */
import {
  parseJson,
  readCreditLine,
  readFinancingResult,
  readParticipant,
  readReceivableResult,
  type Reader,
  type Receivable,
} from 'receivables-chaincode/contract';
import { z } from 'zod';
import { creditLineView, financingRequestView, receivableView } from '../api/views';

/** What the log keeps of an event, besides its position. */
export interface EventProjection {
  readonly data: unknown;
  /** The receivables the event carries (with their currencies, which never change). */
  readonly receivables: readonly Receivable[];
}

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

const PARTICIPANT_EVENTS = new Set([
  'ParticipantRegistered',
  'ParticipantSuspended',
  'ParticipantReinstated',
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as JSON, or `undefined` when it is not UTF-8 JSON. */
function jsonOf(payload: Uint8Array): unknown {
  try {
    return parseJson(utf8.decode(payload));
  } catch {
    return undefined;
  }
}

/**
 * Projects one event. Events that cannot be read (an unknown name, a payload outside the contract)
 * keep their raw payload (and are shown to nobody: no chaincode read vouches for them).
 */
export function projectEvent(eventName: string, payload: Uint8Array): EventProjection {
  const document = jsonOf(payload);
  /** The payload read with the contract's `read`, or `undefined` when it is not what the contract says. */
  const readable = <T>(read: Reader<T>): T | undefined => {
    try {
      return read(document, 'payload');
    } catch {
      return undefined;
    }
  };

  if (PARTICIPANT_EVENTS.has(eventName)) {
    const participant = readable(readParticipant);
    if (participant !== undefined) {
      return { data: participant, receivables: [] };
    }
  }
  if (eventName === 'CreditLineGranted') {
    const line = readable(readCreditLine);
    if (line !== undefined) {
      return { data: creditLineView(line), receivables: [] };
    }
  }
  if (RECEIVABLE_EVENTS.has(eventName)) {
    const result = readable(readReceivableResult);
    if (result !== undefined) {
      return {
        data: {
          receivable: receivableView(result.receivable),
          ...(result.parts === undefined ? {} : { parts: result.parts.map(receivableView) }),
        },
        receivables: [result.receivable, ...(result.parts ?? [])],
      };
    }
  }
  if (FINANCING_EVENTS.has(eventName)) {
    const result = readable(readFinancingResult);
    if (result !== undefined) {
      const { financingRequest, receivable } = result;
      return {
        data: {
          financingRequest: financingRequestView(financingRequest, receivable.currency),
          receivable: receivableView(receivable),
        },
        receivables: [receivable],
      };
    }
  }
  return {
    data: { unreadable: true, payload: document ?? Buffer.from(payload).toString('base64') },
    receivables: [],
  };
}

/** A chaincode read that says whether a user may see (part of) an event. */
export interface EventSubject {
  /** The chaincode query, evaluated as the reader: it answers when the reader may see the object. */
  readonly fn: 'GetReceivable' | 'GetFinancingRequest' | 'GetCreditLine' | 'GetParticipant';
  readonly id: string;
}

/** What an event is about, as served (the projected data): whose chaincode reads decide its visibility. */
export interface EventSubjects {
  /**
   * The event is shown when the reader may read any of these (a financing event: the request, or
   * the receivable; otherwise the one object the event is about). None: shown to nobody.
   */
  readonly anyOf: readonly EventSubject[];
  /** Receivable parts carried by the event: each is kept only when the reader may read it. */
  readonly parts: readonly string[];
}

const Identified = z.object({ id: z.string() });
const ReceivableData = z.object({
  receivable: Identified,
  parts: z.array(Identified).optional(),
  financingRequest: Identified.optional(),
});

/** The subjects of a logged event, from its name and served data. */
export function subjectsOf(eventName: string, data: unknown): EventSubjects {
  const none: EventSubjects = { anyOf: [], parts: [] };
  if (PARTICIPANT_EVENTS.has(eventName) || eventName === 'CreditLineGranted') {
    const object = Identified.safeParse(data).data;
    if (object === undefined) {
      return none;
    }
    const fn = eventName === 'CreditLineGranted' ? 'GetCreditLine' : 'GetParticipant';
    return { anyOf: [{ fn, id: object.id }], parts: [] };
  }
  if (RECEIVABLE_EVENTS.has(eventName) || FINANCING_EVENTS.has(eventName)) {
    const result = ReceivableData.safeParse(data).data;
    if (result === undefined) {
      return none;
    }
    return {
      anyOf: [
        ...(result.financingRequest === undefined
          ? []
          : [{ fn: 'GetFinancingRequest' as const, id: result.financingRequest.id }]),
        { fn: 'GetReceivable', id: result.receivable.id },
      ],
      parts: (result.parts ?? []).map((part) => part.id),
    };
  }
  return none;
}
