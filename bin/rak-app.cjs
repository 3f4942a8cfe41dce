#!/usr/bin/env node
// CommonJS on purpose, over an ES-module program. Where node can require() an ES module (20.19,
// 22.12 and later) the CLI is loaded synchronously, which skips most of the cost of starting node's
// asynchronous module loader; elsewhere it is imported.
'use strict';

// Node 22.1 and later can keep compiled code between runs; Node 20 cannot, and there this is skipped.
require('node:module').enableCompileCache?.();

const start = (cli) => cli.main();
if (process.features.require_module) start(require('../dist/cli.js'));
else import('../dist/cli.js').then(start);
