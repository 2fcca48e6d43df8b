// When to be in a pair's rendezvous namespaces (docs/PROTOCOL.md §13.2.2–§13.2.3): the slots of the skew window
// and the back-off by days unseen. Both contacts compute the same answers from the secret's phase and their own
// clock, without talking. Pure integer arithmetic on Unix milliseconds.

export const SLOT_MILLIS = 600_000;
export const MAX_LEVEL = 4;
const DAY = 24 * 3_600_000;

export const slotOf = (wall) => Math.floor(wall / SLOT_MILLIS);

/** The slots of wall − skew/2 and wall + skew/2 (one, or two near a boundary), oldest first. */
export function windowSlots(wall, skew) {
  const a = slotOf(wall - Math.floor(skew / 2));
  const b = slotOf(wall + Math.floor(skew / 2));
  return a === b ? [a] : [a, b];
}

/** When the window changes next after `wall` (an edge crosses a slot boundary). */
export function nextWindowChange(wall, skew) {
  const half = Math.floor(skew / 2);
  const a = (slotOf(wall - half) + 1) * SLOT_MILLIS + half;
  const b = (slotOf(wall + half) + 1) * SLOT_MILLIS - half;
  return Math.min(a, b);
}

/** 0 under a day unseen (every slot), then 1 + floor(log2(days)), at most 4 (every 16th slot). */
export function level(unseen) {
  if (unseen < DAY) return 0;
  const days = Math.floor(unseen / DAY);
  return Math.min(MAX_LEVEL, 1 + Math.floor(Math.log2(days)));
}

/** True when a pair of `phase` at back-off `lvl` looks for each other in slot `index`. */
export function eligible(phase, index, lvl) {
  const m = 2 ** lvl;
  return (((index + phase) % m) + m) % m === 0;
}
