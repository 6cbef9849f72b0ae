/**
 * How often a crashed engine is restarted: at most `max` restarts within any `windowMs` (a sliding window),
 * so that a few crashes over a long session never use the budget up, while a crash loop stops quickly.
 */
export interface RestartBudgetOptions {
  max: number;
  windowMs: number;
  now?: () => number;
}

export class RestartBudget {
  private readonly times: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: RestartBudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Restarts within the current window. */
  get recent(): number {
    this.forget();
    return this.times.length;
  }

  /** True (and counted) when one more restart is within the budget. */
  take(): boolean {
    this.forget();
    if (this.times.length >= this.options.max) return false;
    this.times.push(this.now());
    return true;
  }

  /** True when a restart would be within the budget now (nothing counted). */
  get available(): boolean {
    return this.recent < this.options.max;
  }

  /** Backoff before the next restart: 200 ms doubling with each recent restart, at most 5 s. */
  delayMs(): number {
    return Math.min(5000, 200 * 2 ** Math.max(0, this.recent - 1));
  }

  private forget(): void {
    const from = this.now() - this.options.windowMs;
    while (this.times.length > 0 && this.times[0]! <= from) this.times.shift();
  }
}
