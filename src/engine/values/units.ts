// 元 and 万元: one conversion, decimal only. A form's unit comes from its own text (forms/fields.ts readAmountUnit).
import { D, type Dec } from './decimal';

export type AmountUnitName = '元' | '万元';

export const YUAN_PER_WAN = new D(10000);

/** An amount in 万元: held in 元 → ÷ 10 000; in 万元 or an unstated unit → as held (nothing is assumed). */
export function inWan(d: Dec, unit: AmountUnitName | null | undefined): Dec {
  return unit === '元' ? d.div(YUAN_PER_WAN) : d;
}

/** An amount given in 万元 brought to a form's unit (× 10 000 for a form in 元). */
export function fromWan(d: Dec, unit: AmountUnitName | null | undefined): Dec {
  return unit === '元' ? d.mul(YUAN_PER_WAN) : d;
}
