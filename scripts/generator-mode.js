// What a script that regenerates a committed file was asked to do: write the file (no option), or
// --check that it is current. --help says how it is used; any other option is refused (exit 2)
// before anything is generated, so a mistyped --check never rewrites the file.
export function generatorMode(script, usage) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const unknown = args.find((arg) => arg !== '--check');
  if (unknown !== undefined) {
    process.stderr.write(`${script}: unknown option ${unknown}\n${usage}`);
    process.exit(2);
  }
  return args.includes('--check') ? 'check' : 'write';
}
