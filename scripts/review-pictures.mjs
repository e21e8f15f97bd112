// Renders the README's pictures of `selfeval review`: the 汇总 sheet and one 审核意见 letter, through
// LibreOffice (→ PDF) and pdftoppm (→ PNG), into docs/. Needs soffice (calc + writer) and poppler-utils.
// Usage: node scripts/review-pictures.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'xlsx');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'selfeval-pictures-'));
try {
  const inDir = path.join(tmp, '报送材料');
  mkdirSync(inDir);
  const files = {
    'changsha-2024.xlsx': '长沙市现代教育技术中心.xlsx',
    'zhuzhou-2024.xlsx': '株洲市教育技术装备所.xlsx',
    'projects-2020.xlsx': '现代教育技术中心-项目.xlsx',
    'family-stacked.xlsx': '现代教育技术中心-项目2.xlsx',
    'multi-forms.xlsx': '教育装备中心.xlsx',
    'family-shifted.xlsx': '电化教育馆.xlsx',
    'unrelated.xlsx': '销售统计.xlsx',
    'corrupt.xlsx': '某单位（损坏）.xlsx',
  };
  for (const [from, to] of Object.entries(files)) copyFileSync(path.join(FIXTURES, from), path.join(inDir, to));
  const out = path.join(tmp, '审核结果');
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'selfeval.js'), 'review', '报送材料', '--out', '审核结果'], {
      cwd: tmp,
      env: { ...process.env, SELFEVAL_FROM_SOURCE: '1', SELFEVAL_REVIEW_DATE: '2026-12-04' },
      stdio: 'inherit',
    });
  } catch (err) {
    if (err.status !== 2) throw err; // 2: the damaged file, on purpose
  }
  const pdf = path.join(tmp, 'pdf');
  const profile = pathToFileURL(path.join(tmp, 'profile')).href;
  const soffice = (file) =>
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', pdf, file], { stdio: 'ignore', timeout: 120_000 });
  soffice(path.join(out, '汇总表.xlsx'));
  soffice(path.join(out, '审核意见', '长沙市现代教育技术中心.docx'));
  // The bounding box of what is printed on a page, from a greyscale render (PGM: a text header, then bytes).
  const inkBox = (pdfFile, page, dpi) => {
    const base = path.join(tmp, 'probe');
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdfFile, base]);
    const data = readFileSync(`${base}.pgm`);
    const header = data.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
    const [w, h] = [Number(header[1]), Number(header[2])];
    const px = data.subarray(header[0].length);
    let [x0, y0, x1, y1] = [w, h, 0, 0];
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (px[y * w + x] < 200) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
    return { x: Math.max(0, x0 - 20), y: Math.max(0, y0 - 20), W: Math.min(w, x1 + 20) - Math.max(0, x0 - 20), H: Math.min(h, y1 + 20) - Math.max(0, y0 - 20) };
  };
  const png = (src, page, dest, dpi, crop) => {
    const file = path.join(pdf, src);
    const box = crop ? inkBox(file, page, dpi) : null;
    const cropArgs = box ? ['-x', String(box.x), '-y', String(box.y), '-W', String(box.W), '-H', String(box.H)] : [];
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), ...cropArgs, '-singlefile', file, path.join(tmp, 'page')]);
    renameSync(path.join(tmp, 'page.png'), path.join(ROOT, 'docs', dest));
    console.log(`docs/${dest}`);
  };
  png('汇总表.pdf', 1, 'review-summary.png', 150, true);
  png('长沙市现代教育技术中心.pdf', 1, 'review-letter-1.png', 60, false);
  png('长沙市现代教育技术中心.pdf', 2, 'review-letter-2.png', 60, false);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
