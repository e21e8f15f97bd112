// --policy NAME|FILE → a validated scoring policy, or zh-CN errors for the user.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { POLICY_PRESETS, resolvePolicy, type ScoringPolicy } from '../engine';

export type LoadPolicyResult = { ok: true; policy: ScoringPolicy } | { ok: false; errors: string[] };

export async function loadPolicy(arg: string | undefined, cwd: string): Promise<LoadPolicyResult> {
  if (arg === undefined) return resolvePolicy(undefined);
  const name = arg.trim();
  if (name === '') return { ok: false, errors: ['--policy 需要一个预设名称或 JSON 文件路径。'] };
  if (Object.hasOwn(POLICY_PRESETS, name)) return resolvePolicy(name);

  const abs = path.resolve(cwd, name);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const looksLikePath = /[\\/]|\.json$/i.test(name);
      if (looksLikePath) return { ok: false, errors: [`找不到评分规则文件“${name}”。`] };
      // Neither a preset nor a file: the engine's message lists the presets.
      return resolvePolicy(name);
    }
    if (code === 'EISDIR') return { ok: false, errors: [`评分规则“${name}”是一个目录，应为 JSON 文件。`] };
    return { ok: false, errors: [`无法读取评分规则文件“${name}”（${code ?? String(err)}）。`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [`评分规则文件“${name}”不是有效的 JSON（${detail}）。`] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, errors: [`评分规则文件“${name}”的内容必须是 JSON 对象，例如 {"extends": "linear"}。`] };
  }
  const result = resolvePolicy(parsed as Record<string, unknown>);
  if (!result.ok) return { ok: false, errors: result.errors.map((e) => `评分规则文件“${name}”：${e}`) };
  return result;
}
