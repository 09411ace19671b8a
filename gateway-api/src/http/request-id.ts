import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {} from 'pino-http';

const INCOMING_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The id of a request: the caller's `X-Request-Id` when it is well-formed, a new UUID otherwise.
 * It is echoed in the `X-Request-Id` response header (pino-http's `genReqId`).
 */
export function generateRequestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** The id pino-http gave the request, if any. */
export function requestIdOf(request: IncomingMessage): string | undefined {
  return typeof request.id === 'string' ? request.id : undefined;
}
