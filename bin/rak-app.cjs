#!/usr/bin/env node
'use strict';
// rak-app needs Node.js 20.5 or later; older ones get a sentence instead of a stack trace.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 5)) {
  process.stderr.write(`rak-app: Node.js ${process.versions.node} is too old; rak-app needs Node.js 20.5 or later.\n`);
  process.exitCode = 2;
} else {
  require('../dist/cli.cjs').main();
}
