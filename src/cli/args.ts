// node:util parseArgs with its English errors turned into Chinese usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const opt = /'(-{1,2}[^' ]+)/.exec(e.message ?? '')?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`未知选项 ${opt}。`);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/argument missing|ambiguous/.test(e.message ?? '')) throw new UsageError(`选项 ${opt} 后面需要一个值。`);
      throw new UsageError(`选项 ${opt} 不接受值。`);
    }
    throw new UsageError(`命令行参数有误（${e.message ?? String(err)}）。`);
  }
}
