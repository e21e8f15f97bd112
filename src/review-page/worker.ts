// The 审核台's Web Worker: checkOne (src/review, the same function `selfeval review` runs) on each file
// the page posts, with the fast reader and fflate. Keeps the page responsive while a batch is checked.
import { DEFAULT_POLICY, presetByName } from '../engine';
import { checkOne, type FileOutcome, type ReviewInput } from '../review';
import { fflateInflateRaw } from './inflate';

export interface CheckRequest {
  id: number;
  input: ReviewInput;
  policyName: string;
}
export type CheckReply = { id: number; outcome: FileOutcome };

const scope = self as unknown as { onmessage: ((e: MessageEvent<CheckRequest>) => void) | null; postMessage(m: CheckReply): void };

scope.onmessage = (e) => {
  const { id, input, policyName } = e.data;
  const policy = presetByName(policyName) ?? DEFAULT_POLICY;
  void checkOne(input, { policy, inflateRaw: fflateInflateRaw }).then((outcome) => scope.postMessage({ id, outcome }));
};
