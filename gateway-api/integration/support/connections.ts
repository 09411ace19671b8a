import { Agent, fetch as undiciFetch, setGlobalDispatcher } from 'undici';

/**
 * Jest setup of every integration test file: fetch opens a new connection per request instead of
 * reusing idle keep-alive ones. Jest compiles the next test file synchronously in the same process,
 * which can block the event loop past the gateway's 5 s keep-alive timeout: a pooled socket the
 * gateway has closed meanwhile is then picked for the next request, which fails with "other side
 * closed" before the gateway saw it. Loopback connections are cheap. (Node's own fetch lives outside
 * the test file's sandbox and keeps its own dispatcher, hence undici's fetch here.)
 */
setGlobalDispatcher(new Agent({ pipelining: 0 }));
globalThis.fetch = undiciFetch;
