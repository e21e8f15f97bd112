#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/node, built by `npm run build:cli`), or the TypeScript sources through
// tsx when no build exists (a fresh checkout during development) or SELFEVAL_FROM_SOURCE=1 is set
// (tests use it so a stale build is never what they exercise).
const fs = require('node:fs');
const path = require('node:path');

function fail(message, err) {
  process.stderr.write(`${message}\n`);
  if (process.env.SELFEVAL_DEBUG && err && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}

const internal = (err) =>
  fail(
    `selfeval 内部错误：${err && err.message ? err.message : String(err)}。请把所用命令和文件发给维护人员（设置环境变量 SELFEVAL_DEBUG=1 可显示详细信息）。`,
    err,
  );

// Anything that escapes main() is still one Chinese line, never a stack trace; state is unknown
// after that, so stop.
const crash = (err) => {
  internal(err);
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

function loadCli() {
  const built = path.join(__dirname, '..', 'dist', 'node', 'cli', 'main.js');
  if (!process.env.SELFEVAL_FROM_SOURCE && fs.existsSync(built)) return require(built);
  try {
    require('tsx/cjs');
  } catch (err) {
    fail('selfeval 无法启动：找不到编译后的程序（dist/node），也无法加载 tsx。请在项目目录运行 npm ci 或 npm run build:cli。', err);
    return null;
  }
  return require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}

let cli;
try {
  cli = loadCli();
} catch (err) {
  fail(`selfeval 无法启动：加载程序失败（${err && err.message}）。请在项目目录运行 npm run build:cli 后再试。`, err);
}
if (cli) {
  Promise.resolve(cli.main(process.argv.slice(2))).then(
    (code) => {
      process.exitCode = code;
    },
    internal,
  );
}
