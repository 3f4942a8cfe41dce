/** `rak-app doctor`: gathers what the Stripe CLI adapter can tell about this machine, then diagnoses. */
import type { Command } from '@commander-js/extra-typings';
import { createPainter, wantsColor } from '../adapters/painter.js';
import { formatDoctor } from '../views/doctor.js';
import type { CommandContext } from '../command.js';
import { diagnose, type DoctorReport } from '../core/doctor.js';
import { resultDocument } from '../result-document.js';
import { type FactsOptions, gatherFacts } from '../stripe/facts.js';
import { parseStripePath, STRIPE_FLAG, stripeSettings, VERBOSE_FLAG } from '../stripe/options.js';

export function register(command: Command, { io, color, finish }: CommandContext): void {
  command
    .description('Check this machine: Node.js, the Stripe CLI, its apps plugin, the login.')
    .option('--json', 'print the report as JSON')
    .option('--stripe <path>', STRIPE_FLAG, parseStripePath)
    .option('--verbose', VERBOSE_FLAG)
    .action(async (options) => {
      const report = await doctorCommand({
        env: io.env,
        cwd: io.cwd,
        ci: io.ci,
        terminal: { stdin: io.stdinIsTTY, stdout: io.stdout.isTTY },
        ...stripeSettings(options, io),
      });
      if (options.json) {
        const failing = report.checks.filter((c) => c.status === 'fail');
        io.stdout.write(
          resultDocument(
            {
              command: 'doctor',
              outcome: report.blocking ? 'stripe' : 'ok',
              status: report.blocking ? 'blocked' : 'ready',
              ...(failing.length > 0 ? { reason: failing.map((c) => c.summary).join('; ') } : {}),
              next: [...new Set(failing.flatMap((c) => c.run ?? []))],
            },
            { checks: report.checks },
          ),
        );
      } else
        io.stdout.write(
          formatDoctor(report, await createPainter(color() ?? wantsColor({ isTTY: io.stdout.isTTY }, io.env))),
        );
      finish(report.blocking ? 'stripe' : 'ok');
    });
}

export async function doctorCommand(options: FactsOptions): Promise<DoctorReport> {
  return diagnose(await gatherFacts(options));
}
