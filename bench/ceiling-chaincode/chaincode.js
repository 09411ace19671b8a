/* global Buffer */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The benchmark's ceiling chaincode: the least work a write can be. `put(key, value)` does one
 * putState, `get(key)` one getState; no access control, no JSON, no events. Deployed beside
 * `receivables` as `ceiling` (bench/src/ceiling.ts bundles this file with fabric-shim into one
 * dependency-free file, as chaincode/packaging/build.mjs does for receivables).
 */
'use strict';

const shim = require('fabric-shim');

const chaincode = {
  async Init() {
    return shim.success();
  },
  async Invoke(stub) {
    const { fcn, params } = stub.getFunctionAndParameters();
    if (fcn === 'put' && params.length === 2) {
      await stub.putState(params[0], Buffer.from(params[1]));
      return shim.success();
    }
    if (fcn === 'get' && params.length === 1) {
      return shim.success(await stub.getState(params[0]));
    }
    return shim.error(`unknown call ${fcn}/${params.length}`);
  },
};

shim.start(chaincode);
