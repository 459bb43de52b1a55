// The start-up table: each variant against its no-instrumentation baseline of the same module system, with the
// targets of issue 16 (register adds at most 100 ms and 15 MB).

export const STARTUP_TARGETS = { wallMillis: 100, maxRssMb: 15 };

/** Variants measured for information, not judged against the targets (which are for the clean app). */
const INFORMATIONAL = '+2,000 modules';

function baselineOf(results, variant) {
  const system = /\(([^)]*)\)$/.exec(variant)?.[1] ?? 'ESM';
  return results.find((result) => result.variant === `none (${system})`);
}

/** Rows with the added wall time and RSS, and whether Driftwatch's register meets each target. */
export function startupRows(results) {
  return results.map((result) => {
    const baseline = baselineOf(results, result.variant);
    const addedMillis = result.wallMillis - baseline.wallMillis;
    const addedCpuMillis = result.cpuMillis - baseline.cpuMillis;
    const addedMb = result.maxRssMb - baseline.maxRssMb;
    const target =
      result.variant.startsWith('driftwatch') && !result.variant.includes(INFORMATIONAL)
        ? { time: addedMillis <= STARTUP_TARGETS.wallMillis, memory: addedMb <= STARTUP_TARGETS.maxRssMb }
        : undefined;
    return { ...result, addedMillis, addedCpuMillis, addedMb, target };
  });
}

const verdict = (met) => (met === undefined ? '' : met ? 'met' : 'missed');

export function formatStartupMarkdown(rows, { rounds }) {
  const lines = [
    `Start-up of a clean app that imports \`openai\` (medians of ${rounds} interleaved runs; targets: at most ` +
      `+${STARTUP_TARGETS.wallMillis} ms and +${STARTUP_TARGETS.maxRssMb} MB), and of the same CommonJS app with ` +
      `2,000 more modules of its own dependencies (not a target: what hooks on every require cost a larger app):`,
    '',
    '| Variant | Wall time | Added | CPU time | Added | Peak RSS | Added | Target (time / memory) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const added = (value, unit) =>
      row.variant.startsWith('none') ? '' : `${value >= 0 ? '+' : ''}${value.toFixed(0)} ${unit}`;
    const target = row.target === undefined ? '' : `${verdict(row.target.time)} / ${verdict(row.target.memory)}`;
    lines.push(
      `| ${row.variant} | ${row.wallMillis.toFixed(0)} ms | ${added(row.addedMillis, 'ms')} | ` +
        `${row.cpuMillis.toFixed(0)} ms | ${added(row.addedCpuMillis, 'ms')} | ` +
        `${row.maxRssMb.toFixed(1)} MB | ${added(row.addedMb, 'MB')} | ${target} |`,
    );
  }
  return lines.join('\n');
}
