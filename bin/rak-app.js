#!/usr/bin/env node
// CommonJS on purpose, over an ES-module program: where node can require() an ES module, the CLI and
// the module of the command it runs load synchronously, which skips most of the start-up cost of
// node's asynchronous ES-module loader. Elsewhere they are imported. bin/package.json makes this one
// file CommonJS inside an ES-module package.
'use strict';

// Node 22.1 and later can keep compiled code between runs; Node 20 cannot, and there this is skipped.
require('node:module').enableCompileCache?.();

// require() of an ES module works from Node 20.19, 22.12 and 23.0, but 22.12 and 23.0 to 23.4 print
// an ExperimentalWarning for it.
const [major, minor] = process.versions.node.split('.').map(Number);
const requireModules = process.features.require_module === true && !(major === 22 && minor < 13) && !(major === 23 && minor < 5);

if (requireModules) require('../dist/cli.js').main({ requireModules });
else import('../dist/cli.js').then((cli) => cli.main({ requireModules }));
