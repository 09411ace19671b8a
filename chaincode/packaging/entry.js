/* global console, process, __filename */
// A CommonJS program, as fabric-shim's cli.js that it mirrors (type annotations need TypeScript).
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/explicit-function-return-type */
/**
 * Entry point of the deployable chaincode package: one file holding the contract, fabric-shim,
 * fabric-contract-api and all their dependencies (bundled by build.mjs).
 *
 * Run as a program (`node chaincode.js start --peer.address …`, what a Fabric 1.4 peer runs through
 * `npm start -- --peer.address …`), it is fabric-shim's `fabric-chaincode-node` CLI: the same
 * `start`, `server` and `metadata generate` commands, options and `CORE_*` environment, with two
 * changes that bundling needs: the commands are registered one by one (the CLI's `commandDir` reads
 * them from disk), and the contracts come from this bundle rather than from a `require` of the
 * module path's package.json `main`.
 *
 * Required as a module (package.json `main`), it exports `contracts`, like dist/index.js.
 */
'use strict';

const yargs = require('yargs');
const { JSONSerializer } = require('fabric-contract-api');
const Bootstrap = require('fabric-shim/lib/contract-spi/bootstrap.js');
const startCommand = require('fabric-shim/lib/cmds/startCommand.js');
const serverCommand = require('fabric-shim/lib/cmds/serverCommand.js');
const generateCommand = require('fabric-shim/lib/cmds/metadata/generateCommand.js');
const Logger = require('fabric-shim/lib/logger');
const shimPackage = require('fabric-shim/package.json');
const chaincodePackage = require('../package.json');
const { contracts } = require('../dist/index.js');

/** What Bootstrap would read from the module path: here, the bundled contracts. */
Bootstrap.getInfoFromContract = () => ({
  contracts,
  serializers: { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
  title: chaincodePackage.name,
  version: chaincodePackage.version,
});

const metadataCommand = {
  command: 'metadata <subcommand>',
  desc: 'Command for handling metadata',
  builder: (args) =>
    args
      .demandCommand(1, 'Incorrect command. Please see the list of commands above.')
      .command(generateCommand),
  handler: () => undefined,
};

/** fabric-shim's cli.js, with the commands registered statically. */
async function main() {
  await yargs
    .parserConfiguration({ 'dot-notation': false })
    .command(startCommand)
    .command(serverCommand)
    .command(metadataCommand)
    .demandCommand()
    .help()
    .wrap(null)
    .alias('v', 'version')
    .version(`v${shimPackage.version}`)
    .describe('v', 'show version information')
    .env('CORE').argv;
  Logger.getLogger('fabric-shim/cli').info('Bootstrap process completed');
}

if (require.main !== undefined && require.main.filename === __filename) {
  main().catch((error) => {
    console.error('Major failure to start fabric-chaincode-node');
    console.error(error);
    process.exitCode = 1;
  });
}

module.exports = { contracts };
