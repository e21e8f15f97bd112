import { test } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
test('smoke', () => {
  const f = buildForm(validProjectSpec());
  const rep = checkWorkbook({ sheets: [sheetOf('P1', f)] });
  console.log(JSON.stringify({findings: rep.findings, problems: rep.problems}, null, 1));
  const bad = validProjectSpec();
  bad.budget!.score = 9.6; bad.indicators[0]!.actual = '80人次'; bad.total!.score = 99.6;
  const rep2 = checkWorkbook({ sheets: [sheetOf('P1', buildForm(bad))] });
  console.log(rep2.findings.map(f => `${f.rule} ${f.severity} ${f.cell} ${f.message} [${f.expected}|${f.found}]`).join('\n'));
});
