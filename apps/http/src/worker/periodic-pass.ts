/**
 * @module worker/periodic-pass
 * The timer both outbox workers run on: one pass at a time (a second call joins the pass in
 * progress), the next one `intervalMs` after the last ended, and a stop that waits for the pass in
 * progress (a graceful shutdown drains it).
 */
export class PeriodicPass<T> {
  private readonly pass: () => Promise<T>;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;
  private stopped = true;

  constructor(pass: () => Promise<T>, intervalMs: number) {
    this.pass = pass;
    this.intervalMs = intervalMs;
  }

  runOnce(): Promise<T> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.runOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
