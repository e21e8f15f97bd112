// Node's zlib for the direct .xlsx reader: synchronous and capped, so an entry that inflates past its
// declared size stops at once (the exceljs path then reports it).
import { inflateRawSync } from 'node:zlib';
import type { InflateRaw } from '../xlsx/fast';

export const nodeInflateRaw: InflateRaw = (body, cap) => {
  try {
    const out = inflateRawSync(body, { maxOutputLength: Math.max(cap, 1) });
    return out.length > cap ? null : new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    return null;
  }
};
