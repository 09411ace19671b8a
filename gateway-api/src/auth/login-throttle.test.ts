import { RateLimitError } from '../domain/errors';
import { createLoginThrottle } from './login-throttle';

const refusal = (attempt: () => void): unknown => {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  return undefined;
};

test('refuses a key after its failures, until the window ends; success resets it', () => {
  let now = 0;
  const throttle = createLoginThrottle({ maxAttempts: 2, windowSeconds: 60, now: () => now });
  throttle.recordFailure('alice');
  throttle.check('alice');
  throttle.recordFailure('alice');
  expect(() => {
    throttle.check('alice');
  }).toThrow(RateLimitError);
  throttle.check('bob');
  now = 30_000;
  expect(
    refusal(() => {
      throttle.check('alice');
    }),
  ).toMatchObject({ retryAfterSeconds: 30 });
  now = 60_001;
  throttle.check('alice');
  throttle.recordFailure('bob');
  throttle.recordFailure('bob');
  throttle.reset('bob');
  throttle.check('bob');
});

test('stays bounded', () => {
  const throttle = createLoginThrottle({ maxAttempts: 1, windowSeconds: 60, capacity: 2 });
  throttle.recordFailure('a');
  throttle.recordFailure('b');
  throttle.recordFailure('c');
  throttle.check('a');
  expect(() => {
    throttle.check('c');
  }).toThrow(RateLimitError);
});
