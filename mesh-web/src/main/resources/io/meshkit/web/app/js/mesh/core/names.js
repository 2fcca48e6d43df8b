// Friendly names (docs/PROTOCOL.md §4.3): what people see in the list shows what it says and nothing
// else. The forbidden code points are an explicit list, not a Unicode category, so every
// implementation agrees whatever its Unicode version.

import { LIMITS } from './settings.js';

const CONTROLS = [[0x0000, 0x001f], [0x007f, 0x009f], [0x2028, 0x2029]];
const BIDI = [[0x061c, 0x061c], [0x200e, 0x200f], [0x202a, 0x202e], [0x2066, 0x2069]];
const INVISIBLE = [[0x00ad, 0x00ad], [0x180e, 0x180e], [0x200b, 0x200d], [0x2060, 0x2064], [0xfeff, 0xfeff],
  [0xfff9, 0xfffb], [0xe0000, 0xe007f]];

const inRanges = (cp, ranges) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
const u = (cp) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

/**
 * Why `name` is not a valid friendly name, in the reference client's words, or null when it is valid.
 * Positions count code points from 1.
 */
export function nameProblem(name) {
  if (typeof name !== 'string') return 'name is not a string';
  if (name.length === 0) return 'name is empty';
  const cps = [...name];
  if (cps.length > LIMITS.maxNameCodePoints) {
    return `name has ${cps.length} characters; at most ${LIMITS.maxNameCodePoints} are allowed`;
  }
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i].codePointAt(0);
    const at = `at position ${i + 1}`;
    if (cp >= 0xd800 && cp <= 0xdfff) return `name is not valid Unicode (an unpaired surrogate ${at})`;
    if (inRanges(cp, CONTROLS)) return `name contains a control character (${u(cp)}) ${at}`;
    if (inRanges(cp, BIDI)) return `name contains a bidirectional control character (${u(cp)}) ${at}`;
    if (inRanges(cp, INVISIBLE)) return `name contains an invisible character (${u(cp)}) ${at}`;
  }
  if (name.startsWith(' ') || name.endsWith(' ')) return 'name begins or ends with a space';
  return null;
}

export function isValidName(name) {
  return nameProblem(name) === null;
}
