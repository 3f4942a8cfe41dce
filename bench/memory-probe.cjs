// Loaded with --require into the process bench/proxy.js measures: answers 'memory' on the IPC
// channel with process.memoryUsage(), taken after a full GC (node --expose-gc) so that it shows
// what the process holds, not what it has yet to collect.
process.on('message', (message) => {
  if (message !== 'memory') return;
  if (typeof global.gc === 'function') global.gc();
  process.send(process.memoryUsage());
});
// The IPC channel must not keep the process alive once the proxy has stopped.
process.channel?.unref();
