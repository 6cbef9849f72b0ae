/**
 * The engine: the one implementation of TrudiApi, in plain Node. Transports (IPC sidecar, web host,
 * in-process for tests and CLI) wrap an instance of it.
 */
import { readFileSync } from 'node:fs';
import { getCurves } from 'node:crypto';
import type { TrudiApi } from '../api/contract';
import type { ConsumptionSeries, EngineInfo, ProgressEvent, ReadoutSummary, SeriesRequest } from '../api/dto';
import { ApiError } from '../api/errors';
import { PROJECT_ROOT } from '../project-paths';
import { createDemoDocument } from './demo-readout';
import { Operations } from './operations';
import { ReadoutStore, registerSeries } from './readouts';
import { energySeries } from './series';

const RESOLUTIONS = new Set(['day', 'week', 'month', 'year']);

export class Engine implements TrudiApi {
  private readonly operations = new Operations();
  private readonly readouts = new ReadoutStore();
  private demoReadout: ReadoutSummary | undefined;

  constructor(private readonly transport: EngineInfo['transport'] = 'in-process') {}

  async getEngineInfo(): Promise<EngineInfo> {
    const pkg = JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { name: string; version: string };
    return {
      name: pkg.name,
      version: pkg.version,
      node: process.versions.node,
      openssl: process.versions.openssl ?? 'unknown',
      brainpool: getCurves().includes('brainpoolP256r1'),
      transport: this.transport,
    };
  }

  async openDemo(options: { operationId?: string } = {}): Promise<ReadoutSummary> {
    if (this.demoReadout) return this.demoReadout;
    return this.operations.run(options.operationId, 'Opening the demo', async (op) => {
      op.progress(-1, 'demo.generating');
      const document = createDemoDocument();
      op.throwIfCancelled();
      this.demoReadout = this.readouts.add('demo', document, { demo: true }).summary;
      op.progress(1, 'demo.ready');
      return this.demoReadout;
    });
  }

  async getSeries(request: SeriesRequest): Promise<ConsumptionSeries> {
    if (!request || typeof request.readoutId !== 'string') throw new ApiError('BAD_REQUEST', 'getSeries needs a readoutId.');
    if (!RESOLUTIONS.has(request.resolution)) {
      throw new ApiError('BAD_REQUEST', `Unknown resolution "${String(request.resolution)}"; use day, week, month or year.`);
    }
    const readout = this.readouts.get(request.readoutId);
    let points = energySeries(registerSeries(readout, 'import'), registerSeries(readout, 'export'), request.resolution);
    if (request.from) points = points.filter((p) => Date.parse(p.start) >= Date.parse(request.from!));
    if (request.to) points = points.filter((p) => Date.parse(p.start) < Date.parse(request.to!));
    const totals = { import: 0, export: 0 };
    for (const p of points) {
      totals.import += p.import ?? 0;
      totals.export += p.export ?? 0;
    }
    totals.import = Math.round(totals.import * 1000) / 1000;
    totals.export = Math.round(totals.export * 1000) / 1000;
    return { readoutId: request.readoutId, resolution: request.resolution, unit: 'kWh', points, totals };
  }

  async cancel(operationId: string): Promise<void> {
    this.operations.cancel(operationId);
  }

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    return this.operations.onProgress(listener);
  }
}
