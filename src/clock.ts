/** Time is passed in, so rules and tests can run at any date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock for demos: starts at `start` and runs `speed` times faster than real time, so a demo can
 * walk through a quarter in minutes.
 */
export class ScaledClock implements Clock {
  private readonly realStart: number;
  constructor(
    private readonly start: Date,
    private readonly speed: number,
    private readonly real: () => number = () => Date.now(),
  ) {
    this.realStart = real();
  }
  now(): Date {
    return new Date(this.start.getTime() + (this.real() - this.realStart) * this.speed);
  }
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
