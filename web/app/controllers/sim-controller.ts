// The simulation screen's I/O: one simulation worker (web/workers/sim.worker.ts) per run, its
// progress and outcome kept as plain state for the screen, and the exports. Cancel, or leaving the
// screen, terminates the worker: a run holds a core, and nothing should run that the user can
// neither see nor stop.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MetricRow, SimResult } from '../../core/sim/index.ts';
import type { SimMessage, SimRequest } from '../../workers/sim-api.ts';
import { saveDownload } from './download.ts';

export type SimRunState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** What the screen shows. */
export interface SimView {
  state: SimRunState;
  /** 0 .. 1 while running. */
  progress: number;
  stage: 'sizes' | 'running';
  result: SimResult | null;
  rows: MetricRow[];
  error: string;
}

const IDLE: SimView = { state: 'idle', progress: 0, stage: 'running', result: null, rows: [], error: '' };

/** Drives the simulation worker for mt-simulation. */
export class SimController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #worker: Worker | null = null;
  #json = '';
  #csv = '';
  view: SimView = IDLE;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    if (this.view.state === 'running') this.cancel();
  }

  #set(v: Partial<SimView>): void {
    this.view = { ...this.view, ...v };
    this.#host.requestUpdate();
  }

  /** Starts a run (stopping one that is running). Called by mt-simulation on Run. */
  run(request: SimRequest): void {
    this.#stop();
    const w = new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' });
    this.#worker = w;
    this.#set({ ...IDLE, state: 'running' });
    w.onmessage = (e: MessageEvent<SimMessage>) => {
      if (this.#worker !== w) return;
      const m = e.data;
      if (m.kind === 'progress') this.#set({ progress: m.fraction, stage: m.stage });
      else if (m.kind === 'done') {
        this.#json = m.json;
        this.#csv = m.csv;
        this.#stop();
        this.#set({ state: 'done', progress: 1, result: m.result, rows: m.rows });
      } else {
        this.#stop();
        this.#set({ state: 'failed', error: m.message });
      }
    };
    w.onerror = (e) => {
      if (this.#worker !== w) return;
      this.#stop();
      this.#set({ state: 'failed', error: e.message || 'the simulation worker stopped' });
    };
    w.postMessage(request);
  }

  /** Stops the running simulation. Called by mt-simulation on Cancel and when it leaves the page. */
  cancel(): void {
    if (this.view.state !== 'running') return;
    this.#stop();
    this.#set({ state: 'cancelled' });
  }

  /** Saves the last result as JSON or CSV. Called by mt-simulation's export buttons. */
  save(format: 'json' | 'csv'): void {
    if (this.view.state !== 'done') return;
    const seed = this.view.result?.params.seed ?? 0;
    if (format === 'json') saveDownload(this.#json, `medtangle-simulation-seed${seed}.json`, 'application/json');
    else saveDownload(this.#csv, `medtangle-simulation-seed${seed}.csv`, 'text/csv');
  }

  #stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}
