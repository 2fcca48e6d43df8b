// A small seeded pseudo-random generator (sfc32): the core takes `random()` from its caller, so that a
// test replays a run from its seed and the browser adapter seeds it from crypto.getRandomValues.

/** Returns random() in [0, 1) from four 32-bit seed words. */
export function sfc32(a, b, c, d) {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A generator from one integer seed (for tests and simulations). */
export function seeded(seed) {
  const r = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0);
  for (let i = 0; i < 15; i++) r(); // mix the seed in
  return r;
}
