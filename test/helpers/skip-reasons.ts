/**
 * A vitest reporter beside the default one, which counts skipped tests but never names them: it
 * lists each skipped suite or test whose name gives the reason ("… (skipped: <why>)"), so a run
 * that could not find what a test needs (../shared, pre-commit) says so without --reporter=verbose.
 */
import type { Reporter, TestModule, Vitest } from 'vitest/node';

/** A conditional skip's title: the reason is in it only when the test does not run. */
export const unlessSkipped = (title: string, reason: string | undefined): string =>
  reason === undefined ? title : `${title} (skipped: ${reason})`;

export default class SkipReasons implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const module of modules) {
      const skipped = [
        ...[...module.children.allSuites()].filter((s) => s.state() === 'skipped'),
        ...[...module.children.allTests()].filter((t) => t.result().state === 'skipped'),
      ];
      for (const entity of skipped) {
        if (entity.name.includes('(skipped: ')) lines.push(`  ↓ ${module.relativeModuleId} > ${entity.fullName}`);
      }
    }
    if (lines.length > 0) this.vitest?.logger.log(['', 'Skipped, for the reason given:', ...lines, ''].join('\n'));
  }
}
