/**
 * Routes are declared once, with the zod schemas of their parameters, query, body and response:
 * the same declaration validates requests (strictly), registers the Express handler and describes
 * the operation in the OpenAPI document.
 */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { CurrencyCache } from '../domain/currency-cache';
import { InvalidCommandError, RequestValidationError, type ValidationIssue } from '../domain/errors';
import type { Ledger } from '../ledger/ledger';
import type { IdempotencyStore } from '../store/idempotency-store';
import { authenticate, type AuthenticationDeps } from '../usecases/authentication';
import type { UseCaseContext } from '../usecases/context';
import { bearerToken } from './bearer-token';
import { runIdempotently, type RouteResponse } from './idempotency';
import { requestIdOf } from './request-id';

/** No path parameters. */
export const NoParams = z.strictObject({});
/** No request body. */
export const NoBody = z.undefined();

/** What route handlers are built with. */
export interface RouteDeps {
  readonly ledger: Ledger;
  readonly currencies: CurrencyCache;
  readonly auth: AuthenticationDeps;
  readonly idempotency: IdempotencyStore;
  /** Every request's deadline, from its arrival. */
  readonly requestTimeoutMs: number;
}

/** What every handler knows about its request. */
export interface RequestInfo {
  readonly requestId: string;
  readonly clientAddress: string;
  readonly deadline: Date;
}

/** The declaration of a route. */
export interface RouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  readonly method: 'get' | 'post';
  /** OpenAPI path template below `/api/v1`, e.g. `/receivables/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly response: { readonly status: 200 | 201; readonly description: string; readonly schema: R };
}

/** A validated request. */
export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly params: z.infer<P>;
  readonly query: z.infer<Q>;
  readonly body: z.infer<B>;
}

/** A route, ready to be registered and documented. */
export interface Route {
  readonly method: 'get' | 'post';
  /** OpenAPI path template below `/api/v1`. */
  readonly path: string;
  /** Whether a bearer token is required. */
  readonly authenticated: boolean;
  /** The operation's description for the OpenAPI document (problem responses are added there). */
  readonly openapi: RouteConfig;
  /** Builds the Express handler. */
  handler(deps: RouteDeps): RequestHandler;
}

/** The Express path of an OpenAPI template (`/receivables/{id}` → `/receivables/:id`). */
export function expressPath(template: string): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

function issuesOf(where: string, error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** A use case's invalid command is the request's invalid body: every command is a route's body. */
function asRequestValidation(error: unknown): never {
  if (error instanceof InvalidCommandError) {
    throw new RequestValidationError(
      error.issues.map((issue) => ({ path: `body.${issue.field}`, message: issue.message })),
    );
  }
  throw error;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function validate<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: Pick<RouteSpec<P, Q, B, z.ZodType>, 'method' | 'params' | 'query' | 'body'>,
  request: Request,
): RouteInput<P, Q, B> {
  const rawBody: unknown = request.body;
  if (spec.method === 'post' && rawBody === undefined && hasBody(request)) {
    throw new RequestValidationError([{ path: 'body', message: 'must be application/json' }]);
  }
  const params = spec.params.safeParse(request.params);
  const query = spec.query.safeParse(request.query);
  const body = spec.body.safeParse(spec.method === 'post' && rawBody === undefined ? {} : rawBody);
  if (params.success && query.success && body.success) {
    return { params: params.data, query: query.data, body: body.data };
  }
  throw new RequestValidationError([
    ...(params.error ? issuesOf('params', params.error) : []),
    ...(query.error ? issuesOf('query', query.error) : []),
    ...(body.error ? issuesOf('body', body.error) : []),
  ]);
}

function requestInfo(request: Request, deps: RouteDeps): RequestInfo {
  return {
    requestId: requestIdOf(request) ?? '',
    clientAddress: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    deadline: new Date(Date.now() + deps.requestTimeoutMs),
  };
}

function send(response: Response, routeResponse: RouteResponse): void {
  if (routeResponse.replayed) {
    response.set('Idempotent-Replayed', 'true');
  }
  response.status(routeResponse.status).json(routeResponse.body);
}

function openapiOf(
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>,
  authenticated: boolean,
): RouteConfig {
  const isObject = (schema: z.ZodType): schema is z.ZodObject => schema instanceof z.ZodObject;
  return {
    method: spec.method,
    path: `/api/v1${spec.path}`,
    summary: spec.summary,
    tags: [spec.tag],
    ...(authenticated ? { security: [{ bearerAuth: [] }] } : {}),
    request: {
      ...(isObject(spec.params) && Object.keys(spec.params.shape).length > 0 ? { params: spec.params } : {}),
      ...(isObject(spec.query) && Object.keys(spec.query.shape).length > 0 ? { query: spec.query } : {}),
      ...(spec.method === 'post'
        ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
        : {}),
      ...(spec.method === 'post' && authenticated
        ? {
            headers: z.object({
              'Idempotency-Key': z
                .string()
                .max(255)
                .optional()
                .openapi({ description: 'replays the first response to a retry with the same key' }),
            }),
          }
        : {}),
    },
    responses: {
      [spec.response.status]: {
        description: spec.response.description,
        content: { 'application/json': { schema: spec.response.schema } },
      },
    },
  };
}

/** Declares a route open to anyone (e.g. logging in). */
export function publicRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  spec: RouteSpec<P, Q, B, R>,
  handle: (input: RouteInput<P, Q, B>, request: RequestInfo, deps: RouteDeps) => Promise<z.input<R>>,
): Route {
  return {
    method: spec.method,
    path: spec.path,
    authenticated: false,
    openapi: openapiOf(spec, false),
    handler: (deps) => async (request, response) => {
      const input = validate(spec, request);
      const body = await handle(input, requestInfo(request, deps), deps);
      send(response, { status: spec.response.status, body, replayed: false });
    },
  };
}

/** The context of an authenticated handler: the use-case context and the request. */
export type AuthenticatedContext = UseCaseContext & RequestInfo;

/**
 * Declares a route that requires a bearer token. Authentication comes first (401 before any
 * validation answer); a POST with an `Idempotency-Key` runs at most once per user and key.
 */
export function authenticatedRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  spec: RouteSpec<P, Q, B, R>,
  handle: (input: RouteInput<P, Q, B>, context: AuthenticatedContext) => Promise<z.input<R>>,
): Route {
  return {
    method: spec.method,
    path: spec.path,
    authenticated: true,
    openapi: openapiOf(spec, true),
    handler: (deps) => async (request, response) => {
      const user = await authenticate(deps.auth, bearerToken(request));
      const input = validate(spec, request);
      const context: AuthenticatedContext = {
        ledger: deps.ledger,
        currencies: deps.currencies,
        user,
        ...requestInfo(request, deps),
      };
      const execute = async (): Promise<{ status: number; body: unknown }> => {
        try {
          return { status: spec.response.status, body: await handle(input, context) };
        } catch (error) {
          return asRequestValidation(error);
        }
      };
      const key = request.get('Idempotency-Key');
      send(
        response,
        spec.method === 'post' && key !== undefined
          ? await runIdempotently(
              deps.idempotency,
              { username: user.username, key, method: spec.method, path: request.path, body: input.body },
              execute,
            )
          : { ...(await execute()), replayed: false },
      );
    },
  };
}
