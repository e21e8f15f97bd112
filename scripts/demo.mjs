#!/usr/bin/env node
// npm run demo: the CLI over the bundled sample workbooks. The samples contain the reference reports'
// real errors, so exit status 1 ("errors found") is the expected result here, not a failure of the demo.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const r = spawnSync(process.execPath, ['bin/selfeval.js', 'check', 'samples/'], { cwd: root, stdio: 'inherit' });
if (r.status === 1) console.log('\n（示例工作簿中含有参考报告里的真实错误，上面列出的错误即为演示内容。）');
process.exit(r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2));
