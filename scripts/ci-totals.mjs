// Sums the test results CI collected (Vitest JSON reports, the contract smoke's last line) and
// prints one line "N passed, N failed". Steps that failed without a report count as one failure each.
// Usage: node scripts/ci-totals.mjs <results dir> <number of failed steps> [failed step names…]
import fs from 'node:fs';
import path from 'node:path';

const [dir, failedStepsRaw, ...failedSteps] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const file of fs.readdirSync(dir)) {
  const full = path.join(dir, file);
  if (file.endsWith('.json')) {
    try {
      const r = JSON.parse(fs.readFileSync(full, 'utf8'));
      passed += r.numPassedTests ?? 0;
      // A file that failed to load or failed in a hook has no failed test of its own: count it once.
      const brokenFiles = (r.testResults ?? []).filter(
        (t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed'),
      ).length;
      failed += (r.numFailedTests ?? 0) + brokenFiles;
      console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${brokenFiles} broken files`);
    } catch (err) {
      console.log(`${file}: unreadable (${err.message})`);
      failed++;
    }
  } else if (file === 'smoke.txt') {
    const m = /(\d+) passed, (\d+) failed/.exec(fs.readFileSync(full, 'utf8'));
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
      console.log(`contract smoke: ${m[1]} passed, ${m[2]} failed`);
    } else {
      failed++;
    }
  }
}
const stepFailures = Number(failedStepsRaw) || 0;
if (stepFailures) console.log(`failed steps: ${failedSteps.join('; ')}`);
// A failed step whose tests were already counted (e.g. a failing test file) is not counted twice;
// steps with no test report (install, lint, typecheck, build) count as one failure each.
const uncounted = failedSteps.filter((s) =>
  /^(npm ci|npm install|install chromium|PostgreSQL|Redis|lint|typecheck|build web UI)/.test(s),
).length;
failed += uncounted;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || stepFailures > 0 ? 1 : 0);
