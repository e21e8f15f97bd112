import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { rulesMarkdown } from '../../scripts/rules-doc';

it('docs/rules.md is generated from the current rule metadata (run npm run docs:rules)', () => {
  expect(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8')).toBe(rulesMarkdown());
});
