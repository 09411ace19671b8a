import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus instruments, in a registry of their own. */
export interface Metrics {
  readonly registry: Registry;
  /** HTTP request duration by method, route template and status. */
  readonly httpRequestSeconds: Histogram<'method' | 'route' | 'status'>;
  /** Endorse + submit duration of Fabric transactions by function and outcome. */
  readonly fabricSubmitSeconds: Histogram<'fn' | 'outcome'>;
  /** Commit wait duration of Fabric transactions by function and outcome. */
  readonly fabricCommitSeconds: Histogram<'fn' | 'outcome'>;
  /** Transactions being submitted right now. */
  readonly inFlightSubmits: Gauge;
  /** Chaincode events appended to the event log. */
  readonly eventsAppended: Counter;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Creates the instruments in a fresh registry (so that several gateways may live in one process).
 *
 * @param withDefaults - also collect the process metrics (CPU, memory, event loop)
 */
export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) {
    collectDefaultMetrics({ register: registry });
  }
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: 'scf_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    fabricSubmitSeconds: new Histogram({
      name: 'scf_fabric_submit_duration_seconds',
      help: 'Fabric endorse + submit duration',
      labelNames: ['fn', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    fabricCommitSeconds: new Histogram({
      name: 'scf_fabric_commit_duration_seconds',
      help: 'Fabric commit wait duration',
      labelNames: ['fn', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    inFlightSubmits: new Gauge({
      name: 'scf_fabric_inflight_submits',
      help: 'Fabric transactions being submitted',
      registers: [registry],
    }),
    eventsAppended: new Counter({
      name: 'scf_chaincode_events_appended_total',
      help: 'Chaincode events appended to the event log',
      registers: [registry],
    }),
  };
}
