#!/usr/bin/env node
import module from 'node:module';

// Node 22.1 and later can keep compiled code between runs, which most of start-up is; Node 20 cannot,
// and there this is skipped.
module.enableCompileCache?.();

const { main } = await import('../dist/cli.js');
await main();
