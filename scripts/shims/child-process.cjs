// Stands in for node:child_process in dist/cli.cjs. commander requires it when it loads, for
// subcommands that are executables of their own, which rak-app does not have; loading it pulls in
// node's network stack, a fifth of a `check`'s start-up. This loads it on the first call instead.
'use strict';
module.exports = {
  spawn: (...args) => require('node:child_process').spawn(...args),
};
