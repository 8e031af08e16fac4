// The one source of "now" for services. Tests and the demo pin it with REPDESK_NOW (ISO or epoch ms).
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.REPDESK_NOW;
  if (!pinned) return systemClock;
  const at = /^\d+$/.test(pinned) ? Number(pinned) : Date.parse(pinned);
  if (Number.isNaN(at)) return systemClock;
  // A pinned clock still moves forward, so durations inside one run stay real.
  const started = Date.now();
  return { now: () => at + (Date.now() - started) };
}
