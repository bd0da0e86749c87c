// Timing shared by the Node benchmarks: contenders run in turns, best turn kept.
const MIN_MS = Number(process.env.BENCH_MS ?? 400);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
export const TURN_MS = MIN_MS / 2;

/** µs per call of `fn` (awaited when it returns a Promise) over one slice of `ms`. */
export async function slice(fn, ms) {
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms * 1e6) {
    for (let i = 0; i < 16; i++) {
      const out = fn();
      if (out instanceof Promise) await out;
    }
    ops += 16;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return elapsed / ops / 1000;
}

/**
 * Best time per call of each contender. Contenders run in turns (round robin, ROUNDS turns
 * each), so that load from other processes on a shared machine hits all of them alike.
 */
export async function race(contenders) {
  const best = Object.fromEntries(Object.keys(contenders).map((name) => [name, Infinity]));
  for (const fn of Object.values(contenders)) await slice(fn, 50); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(contenders)) best[name] = Math.min(best[name], await slice(fn, MIN_MS / 2));
  }
  return best;
}

