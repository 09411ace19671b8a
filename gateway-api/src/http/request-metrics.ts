import type { RequestHandler, Response } from 'express';
import type { Metrics } from '../observability/metrics';

const routeLabels = new WeakMap<Response, string>();

/** Middleware naming the route template of the response, for the request duration histogram. */
export function labelRoute(template: string): RequestHandler {
  return (_request, response, next) => {
    routeLabels.set(response, template);
    next();
  };
}

/** Middleware observing every request's duration by method, route template and status. */
export function recordRequestDuration(metrics: Pick<Metrics, 'httpRequestSeconds'>): RequestHandler {
  return (request, response, next) => {
    const end = metrics.httpRequestSeconds.startTimer();
    response.on('finish', () => {
      end({
        method: request.method,
        route: routeLabels.get(response) ?? 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  };
}
