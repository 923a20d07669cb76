/**
 * Delays between reconnection attempts (PROTOCOL.md §3.4): exponential with factor 1.5 from the
 * initial delay, capped, plus a random jitter so that every client of a restarted server does
 * not come back in the same instant. With the defaults the first wait is 1.5–2.5 s and the
 * waits settle at 30–31 s.
 */
export interface BackoffSettings {
    reconnectInitialDelay: number;
    reconnectMaxDelay: number;
    reconnectJitter: number;
}

const GROWTH = 1.5;

export class ReconnectBackoff {
    private _attempts = 0;
    private readonly _settings: BackoffSettings;
    private readonly _random: () => number;

    constructor(settings: BackoffSettings, random: () => number = Math.random) {
        this._settings = settings;
        this._random = random;
    }

    get attempts(): number {
        return this._attempts;
    }

    /** Called once a connection is fully established: the next loss starts from the bottom. */
    reset(): void {
        this._attempts = 0;
    }

    /** The wait before the next attempt, in ms. */
    next(): number {
        this._attempts++;
        const { reconnectInitialDelay, reconnectMaxDelay, reconnectJitter } = this._settings;
        const exponential = reconnectInitialDelay * GROWTH ** this._attempts;
        return Math.min(exponential, reconnectMaxDelay) + this._random() * reconnectJitter;
    }
}
