import { tmpdir } from 'node:os';
import { inject } from 'vitest';

// What a run writes in the system's temporary folder (convert's copies of a manifest, a child's own
// files) goes in this test run's folder instead, removed when the run ends (test/global-setup.ts):
// os.tmpdir() reads TMPDIR, here and in every child a test starts. The system's own is kept for
// the tests that need a folder other users may enter (inFolderForOthers), which that one is not.
process.env['RAK_APP_TEST_SYSTEM_TMPDIR'] ??= tmpdir();
process.env['TMPDIR'] = inject('tempRoot');
