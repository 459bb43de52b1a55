import type { Finding } from '../results';
import type { ResourceWrite } from '../runner/case-state';

function overlap(a: ResourceWrite, b: ResourceWrite): boolean {
  const aEnd = a.endedAt ?? Number.POSITIVE_INFINITY;
  const bEnd = b.endedAt ?? Number.POSITIVE_INFINITY;
  return a.startedAt < bEnd && b.startedAt < aEnd;
}

/**
 * Writes of the same resource by different concurrent runs: with different arguments they conflict (the last
 * writer wins and the other run's result is lost: a failure); with the same arguments they are idempotent
 * (a note, saying whether they overlapped in time).
 */
export function detectConflicts(writes: readonly ResourceWrite[]): Finding[] {
  const byResource = new Map<string, ResourceWrite[]>();
  for (const write of writes) {
    const key = `${write.tool} ${write.key}`;
    byResource.set(key, [...(byResource.get(key) ?? []), write]);
  }
  const findings: Finding[] = [];
  for (const [resource, list] of byResource) {
    const runs = new Set(list.map((write) => write.run));
    if (runs.size < 2) continue;
    const values = new Set(list.map((write) => write.argumentsJson));
    const concurrent = list.some((a, index) => list.slice(index + 1).some((b) => a.run !== b.run && overlap(a, b)));
    const runList = [...runs]
      .sort((a, b) => a - b)
      .map((run) => `#${run}`)
      .join(', ');
    if (values.size > 1) {
      findings.push({
        id: `conflict ${resource}`,
        severity: 'fail',
        message: `${resource} written by runs ${runList} with ${values.size} different values${concurrent ? ', overlapping in time' : ''}: the last write wins`,
      });
    } else {
      findings.push({
        id: `shared ${resource}`,
        severity: 'note',
        message: `${resource} written by runs ${runList} with the same value${concurrent ? ' at the same time' : ''} (idempotent)`,
      });
    }
  }
  return findings;
}
