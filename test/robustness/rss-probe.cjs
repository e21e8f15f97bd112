// Preloaded (node -r) into CLI child processes by the hostile-file tests: on exit, writes the
// process's peak resident memory (KB) to $SELFEVAL_RSS_FILE so the tests can report and bound it.
'use strict';
const file = process.env.SELFEVAL_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // measuring must never change the outcome
    }
  });
}
