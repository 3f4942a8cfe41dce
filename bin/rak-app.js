#!/usr/bin/env node
// CommonJS on purpose, over an ES-module program: where node can require() an ES module, the CLI and
// the module of the command it runs load synchronously, which skips most of the start-up cost of
// node's asynchronous ES-module loader. Elsewhere they are imported. bin/package.json makes this one
// file CommonJS inside an ES-module package.
'use strict';

const [major, minor] = process.versions.node.split('.').map(Number);

// rak-app takes node's own modules with process.getBuiltinModule() (Node 20.16 and 22.3 on). Older
// nodes would fail while loading it, with a stack trace; this says why instead (exit code 2, as for
// any other input rak-app cannot work with).
if (typeof process.getBuiltinModule !== 'function') {
  process.stderr.write(`rak-app: Node.js ${process.versions.node} is too old; rak-app needs Node.js 20.16 or later (22.3 or later on Node.js 22).\n`);
  process.exitCode = 2;
  return;
}

// Node 22.1 and later can keep compiled code between runs. Node 20 cannot, and there node:module is
// not loaded just to find that out (about 5M instructions, over a millisecond).
if (major >= 22) require('node:module').enableCompileCache?.();

// require() of an ES module works from Node 20.19, 22.12 and 23.0, but 22.12 and 23.0 to 23.4 print
// an ExperimentalWarning for it.
const requireModules = process.features.require_module === true && !(major === 22 && minor < 13) && !(major === 23 && minor < 5);

if (requireModules) {
  const { join } = require('node:path');
  const dist = join(__dirname, '..', 'dist');
  require(join(dist, 'cli.js')).main({ requireModule: (specifier) => require(join(dist, specifier)) });
} else import('../dist/cli.js').then((cli) => cli.main());
