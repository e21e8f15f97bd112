// Raw deflate for the fast .xlsx reader in the page (src/xlsx/fast.ts takes it injected): fflate's
// synchronous inflate into a buffer one byte larger than the entry may hold, so an entry that inflates
// past its declared size is caught without ever growing past it.
import { inflateSync } from 'fflate';
import type { InflateRaw } from '../xlsx/fast';

export const fflateInflateRaw: InflateRaw = (body, cap) => {
  const limit = Math.max(cap, 0);
  // fflate truncates at the end of `out`: a full buffer means there was more than `limit`.
  const out = inflateSync(body, { out: new Uint8Array(limit + 1) });
  return out.length > limit ? null : out;
};
