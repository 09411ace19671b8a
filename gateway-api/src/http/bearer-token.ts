import type { Request } from 'express';
import { AuthenticationError } from '../domain/errors';

/**
 * The token of an `Authorization: Bearer <token>` header.
 *
 * @throws AuthenticationError when the header is missing or not a bearer token
 */
export function bearerToken(request: Request): string {
  const header = request.get('Authorization');
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
  if (match?.[1] === undefined) {
    throw new AuthenticationError('a bearer token is required');
  }
  return match[1];
}
