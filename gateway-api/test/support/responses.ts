import type { Response } from 'supertest';
import type { z } from 'zod';
import { Problem } from '../../src/api/schemas';

/** The problem document of an error response (checked against the contract's schema). */
export function problem(response: Response): z.infer<typeof Problem> {
  expect(response.type).toBe('application/problem+json');
  return Problem.parse(response.body);
}

/** The body of a response, checked against the contract's response schema. */
export function body<T extends z.ZodType>(response: Response, schema: T): z.infer<T> {
  return schema.parse(response.body);
}

/** Parses JSON text into an unknown value. */
export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/** `expect.any(String)`, typed. */
export const anyString: unknown = expect.any(String);

/** `expect.stringMatching`, typed. */
export function matching(pattern: RegExp): unknown {
  return expect.stringMatching(pattern);
}

/** `expect.objectContaining`, typed. */
export function containing(expected: object): unknown {
  return expect.objectContaining(expected);
}

/** `expect.arrayContaining`, typed. */
export function arrayContaining(expected: readonly unknown[]): unknown {
  return expect.arrayContaining(expected);
}
