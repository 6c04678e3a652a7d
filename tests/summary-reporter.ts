import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with the Node.js version and one plain line, "tests: N passed, N failed", that CI logs can be read by. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && ![...module.children.allTests()].length) failed++;
    }
    // Which Node.js ran them: npm test runs on node_modules/.bin/node (the `node` dev dependency).
    process.stdout.write(`\nNode.js ${process.version} (${process.execPath})`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
