/**
 * fabric-network and fabric-common log through one process-wide winston 2 logger (`global.hfc.logger`,
 * made by fabric-common's `Utils.getLogger`, configurable only by `HFC_LOGGING` before they load) that
 * writes to the console: every chaincode refusal, for one, is logged there as an error. Each of their
 * modules holds wrappers that call that logger's level methods, which winston 2 routes through the
 * instance's `log(level, …)`; replacing `log` on the instance therefore reroutes them all, whenever it
 * is done. The gateway sends them to its own logger, at debug level (it reports failures itself).
 */
import { format } from 'node:util';
import { Utils } from 'fabric-common';

/** Where fabric's log lines go. */
export interface FabricLogSink {
  debug(object: Record<string, unknown>, message: string): void;
}

interface WinstonLike {
  log: (level: string, ...args: unknown[]) => unknown;
}

interface HfcGlobal {
  hfc?: { logger?: WinstonLike };
}

/** Routes fabric-network's and fabric-common's logging into `sink` (nothing more is written to the console). */
export function routeFabricLogging(sink: FabricLogSink): void {
  Utils.getLogger('scf-gateway');
  const logger = (globalThis as HfcGlobal).hfc?.logger;
  if (logger === undefined) {
    return;
  }
  logger.log = (level: string, ...args: unknown[]): void => {
    if (level === 'debug') {
      return;
    }
    sink.debug({ fabricLevel: level }, format(...args));
  };
}
