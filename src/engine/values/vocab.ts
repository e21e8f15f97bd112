// Fixed vocabularies for indicator values: units (with canonical names) and comparison words.
// Built once at module load; lookups are indexed by one character so a scan costs a few compares.

export type Op = 'ge' | 'gt' | 'le' | 'lt' | 'eq';

export interface UnitEntry {
  /** As written after NFKC (㎡ and m² both become "m2"). */
  text: string;
  /** Canonical name, so 日/天, 千米/公里, m2/平方米 compare equal. */
  unit: string;
  /** Units that take "内" to mean "within" (5天内 → ≤ 5 天). */
  time: boolean;
  ascii: boolean;
}

const TIME_UNITS = new Set(['天', '小时', '分钟', '周', '月', '个月', '年', '工作日', '季度', '秒']);

// [as written, canonical]. Longest match wins, so 人次 beats 人 and 个月 beats 个.
const UNIT_PAIRS: [string, string][] = [
  ['个百分点', '个百分点'], ['百分点', '个百分点'], ['个工作日', '工作日'], ['工作日', '工作日'], ['个月', '个月'],
  ['人次', '人次'], ['人天', '人天'], ['人日', '人天'], ['户次', '户次'], ['件次', '件次'], ['场次', '场次'],
  ['台次', '台次'], ['架次', '架次'], ['车次', '车次'], ['班次', '班次'], ['批次', '批次'], ['台套', '台套'],
  ['课时', '课时'], ['学时', '学时'], ['小时', '小时'], ['分钟', '分钟'], ['季度', '季度'], ['学期', '学期'],
  ['平方公里', '平方公里'], ['平方米', '平方米'], ['立方米', '立方米'], ['公里', '公里'], ['千米', '公里'],
  ['公顷', '公顷'], ['公斤', '公斤'], ['千克', '公斤'], ['千瓦时', '千瓦时'], ['千瓦', '千瓦'],
  ['元', '元'], ['个', '个'], ['次', '次'], ['人', '人'], ['堂', '堂'], ['节', '节'], ['所', '所'], ['家', '家'],
  ['篇', '篇'], ['件', '件'], ['项', '项'], ['台', '台'], ['套', '套'], ['天', '天'], ['日', '天'], ['周', '周'],
  ['月', '月'], ['年', '年'], ['秒', '秒'], ['米', '米'], ['吨', '吨'], ['亩', '亩'], ['户', '户'], ['期', '期'],
  ['批', '批'], ['场', '场'], ['份', '份'], ['册', '册'], ['本', '本'], ['座', '座'], ['间', '间'], ['条', '条'],
  ['处', '处'], ['辆', '辆'], ['分', '分'], ['名', '名'], ['张', '张'], ['株', '株'], ['棵', '棵'], ['支', '支'],
  ['部', '部'], ['种', '种'], ['类', '类'], ['门', '门'], ['页', '页'], ['幅', '幅'], ['只', '只'], ['头', '头'],
  ['床', '床'], ['块', '块'], ['栋', '栋'], ['班', '班'], ['届', '届'], ['轮', '轮'], ['宗', '宗'], ['笔', '笔'],
  ['例', '例'], ['位', '位'], ['校', '校'], ['村', '村'], ['章', '章'], ['首', '首'], ['集', '集'], ['批', '批'],
  ['km2', '平方公里'], ['m2', '平方米'], ['m3', '立方米'], ['km', '公里'], ['KM', '公里'], ['m', '米'],
  ['kg', '公斤'], ['KG', '公斤'], ['kWh', '千瓦时'], ['kwh', '千瓦时'], ['KWh', '千瓦时'], ['kW', '千瓦'],
  ['min', '分钟'], ['GB', 'GB'], ['TB', 'TB'], ['MB', 'MB'], ['Mbps', 'Mbps'], ['mbps', 'Mbps'],
  ['Gbps', 'Gbps'],
];

/** first character → entries, longest first */
const UNITS_BY_FIRST = new Map<string, UnitEntry[]>();
for (const [text, unit] of UNIT_PAIRS) {
  const e: UnitEntry = { text, unit, time: TIME_UNITS.has(unit), ascii: text.charCodeAt(0) < 128 };
  const list = UNITS_BY_FIRST.get(text[0]!) ?? [];
  if (!list.some((x) => x.text === text)) list.push(e);
  UNITS_BY_FIRST.set(text[0]!, list);
}
for (const list of UNITS_BY_FIRST.values()) list.sort((a, b) => b.text.length - a.text.length);

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The unit written at t[pos], or null. ASCII units must end a word ("5min", not "5mg"). */
export function matchUnit(t: string, pos: number): UnitEntry | null {
  if (pos >= t.length) return null;
  const list = UNITS_BY_FIRST.get(t[pos]!);
  if (!list) return null;
  for (const e of list) {
    if (!t.startsWith(e.text, pos)) continue;
    if (e.ascii && isAsciiLetter(t.charCodeAt(pos + e.text.length))) continue;
    return e;
  }
  return null;
}

export interface OpEntry {
  text: string;
  op: Op;
  /** "达到"/"达": in a target it means ≥, in an actual it only reports the level reached. */
  weak: boolean;
}

const OP_PAIRS: [string, Op][] = [
  ['>=', 'ge'], ['=>', 'ge'], ['≥', 'ge'], ['≮', 'ge'], ['不低于', 'ge'], ['不少于', 'ge'], ['不小于', 'ge'],
  ['大于等于', 'ge'], ['大于或等于', 'ge'], ['高于或等于', 'ge'], ['多于或等于', 'ge'], ['不得低于', 'ge'],
  ['不得少于', 'ge'], ['不应低于', 'ge'], ['不应少于', 'ge'], ['至少', 'ge'], ['最少', 'ge'], ['最低', 'ge'],
  ['达到', 'ge'], ['达到了', 'ge'], ['达', 'ge'],
  ['>', 'gt'], ['大于', 'gt'], ['高于', 'gt'], ['多于', 'gt'], ['超过', 'gt'],
  ['<=', 'le'], ['=<', 'le'], ['≤', 'le'], ['≯', 'le'], ['不高于', 'le'], ['不超过', 'le'], ['不大于', 'le'],
  ['不多于', 'le'], ['小于等于', 'le'], ['小于或等于', 'le'], ['低于或等于', 'le'], ['少于或等于', 'le'],
  ['不得高于', 'le'], ['不得超过', 'le'], ['不应高于', 'le'], ['不应超过', 'le'], ['至多', 'le'], ['最多', 'le'],
  ['最高', 'le'], ['控制在', 'le'], ['控制到', 'le'], ['控制于', 'le'],
  ['<', 'lt'], ['小于', 'lt'], ['低于', 'lt'], ['少于', 'lt'], ['不足', 'lt'],
  ['=', 'eq'], ['==', 'eq'], ['等于', 'eq'], ['═', 'eq'], ['〓', 'eq'],
];
const WEAK_OPS = new Set(['达到', '达到了', '达', '控制在', '控制到', '控制于']);
/** Words that are not comparisons when an actual value uses them. */
export const MEASURED_OPS = new Set(['达到', '达到了', '达']);

/** last character → entries, longest first */
const OPS_BY_LAST = new Map<string, OpEntry[]>();
for (const [text, op] of OP_PAIRS) {
  const last = text[text.length - 1]!;
  const list = OPS_BY_LAST.get(last) ?? [];
  list.push({ text, op, weak: WEAK_OPS.has(text) });
  OPS_BY_LAST.set(last, list);
}
for (const list of OPS_BY_LAST.values()) list.sort((a, b) => b.text.length - a.text.length);

/** The operator written immediately before t[end] (spaces already skipped by the caller), or null. */
export function matchOpBefore(t: string, end: number): OpEntry | null {
  if (end <= 0) return null;
  const list = OPS_BY_LAST.get(t[end - 1]!);
  if (!list) return null;
  for (const e of list) if (end >= e.text.length && t.startsWith(e.text, end - e.text.length)) return e;
  return null;
}

// Unambiguous comparison words, searched anywhere before the number ("不低于上年水平的95%").
const STRONG_OPS: OpEntry[] = [
  '≥', '≤', '>=', '<=', '不低于', '不少于', '不小于', '不超过', '不高于', '不大于', '不多于', '至少', '至多',
].map((text) => ({ text, op: OP_PAIRS.find((p) => p[0] === text)![1], weak: false }));

export function findStrongOp(t: string, end: number): OpEntry | null {
  // One cheap pass first: every strong operator contains one of these characters.
  let any = false;
  for (let i = 0; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x2265 || c === 0x2264 || c === 0x4e0d /* 不 */ || c === 0x81f3 /* 至 */ || c === 62 || c === 60) {
      any = true;
      break;
    }
  }
  if (!any) return null;
  let best: OpEntry | null = null;
  let bestAt = -1;
  for (const e of STRONG_OPS) {
    const at = t.lastIndexOf(e.text, end - e.text.length);
    if (at >= 0 && at + e.text.length <= end && at > bestAt) {
      best = e;
      bestAt = at;
    }
  }
  return best;
}

export interface SuffixOp {
  text: string;
  op: Op;
  /** Only after time units: "5天内". */
  timeOnly: boolean;
}

export const SUFFIX_OPS: SuffixOp[] = [
  { text: '及以上', op: 'ge', timeOnly: false }, { text: '或以上', op: 'ge', timeOnly: false },
  { text: '以上', op: 'ge', timeOnly: false }, { text: '及以下', op: 'le', timeOnly: false },
  { text: '或以下', op: 'le', timeOnly: false }, { text: '以下', op: 'le', timeOnly: false },
  { text: '以内', op: 'le', timeOnly: false }, { text: '之内', op: 'le', timeOnly: false },
  { text: '内', op: 'le', timeOnly: true },
];
