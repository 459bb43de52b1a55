import { ExportResultCode } from '@opentelemetry/core';
import { LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { CountedBatchLogProcessor } from '../src/export/counted-log-processor';

type Drops = Array<[string, number]>;

function providerWith(exporter: LogRecordExporter, drops: Drops, maxQueueSize = 3) {
  const processor = new CountedBatchLogProcessor({
    exporter,
    maxQueueSize,
    maxExportBatchSize: 2,
    scheduledDelayMillis: 50,
    exportTimeoutMillis: 200,
    onDropped: (reason, records) => drops.push([reason, records]),
  });
  return new LoggerProvider({ processors: [processor] });
}

function emit(provider: LoggerProvider, count: number): void {
  const logger = provider.getLogger('test');
  for (let index = 0; index < count; index += 1) logger.emit({ eventName: 'gen_ai.evaluation.result', body: index });
}

describe("the gateway's counted batch log processor", () => {
  it('should deliver every record in order, in batches, and drain on shutdown', async () => {
    const batches: unknown[][] = [];
    let shutDown = false;
    const collecting: LogRecordExporter = {
      export: (records, done) => {
        batches.push(records.map((record) => record.body));
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => {
        shutDown = true;
      },
    };
    const drops: Drops = [];
    const provider = providerWith(collecting, drops, 100);
    emit(provider, 7);
    await provider.shutdown();
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Math.max(...batches.map((batch) => batch.length))).toBe(2);
    expect(shutDown).toBe(true);
    expect(drops).toEqual([]);
  });

  it('should count each record the full queue had no room for while an export hangs', async () => {
    let exported = 0;
    const hanging: LogRecordExporter = {
      export: (records) => {
        exported += records.length;
      },
      shutdown: async () => {},
    };
    const drops: Drops = [];
    const provider = providerWith(hanging, drops);
    // Two go out at once (a full batch), three wait in the queue, five find it full.
    emit(provider, 10);
    expect(exported).toBe(2);
    expect(drops.reduce((sum, [, records]) => sum + records, 0)).toBe(5);
    expect(new Set(drops.map(([reason]) => reason))).toEqual(new Set(['queue_full']));
  });

  it('should count the records of a failed export, and go on with the next batch', async () => {
    let calls = 0;
    const failingOnce: LogRecordExporter = {
      export: (_records, done) => {
        calls += 1;
        done({ code: calls === 1 ? ExportResultCode.FAILED : ExportResultCode.SUCCESS, error: new Error('refused') });
      },
      shutdown: async () => {},
    };
    const drops: Drops = [];
    const provider = providerWith(failingOnce, drops, 100);
    emit(provider, 3);
    await provider.forceFlush();
    expect(drops).toEqual([['export_failed', 2]]);
    expect(calls).toBe(2);
  });

  it('should give up an export that never answers after its timeout, count it, and flush the rest', async () => {
    const answered: unknown[] = [];
    let calls = 0;
    const hangingOnce: LogRecordExporter = {
      export: (records, done) => {
        calls += 1;
        if (calls === 1) return;
        answered.push(...records.map((record) => record.body));
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => {},
    };
    const drops: Drops = [];
    const provider = providerWith(hangingOnce, drops, 100);
    emit(provider, 3);
    await provider.forceFlush();
    expect(drops).toEqual([['export_failed', 2]]);
    expect(answered).toEqual([2]);
  });
});
