import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder every test's temporary folders go in; removed when the run ends. */
    tempRoot: string;
  }
}

// One folder per `npm test`, removed at the end, so that a run leaves nothing in the system's
// temporary folder (a run makes a few hundred apps, homes and projects).
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'rak-app-test-'));
  project.provide('tempRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
