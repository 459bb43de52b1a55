import type { SuiteResults } from '../results';

function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot hold at all.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(3);

/** JUnit XML: one `<testsuite>` per layer, one `<testcase>` per case and per failing finding. */
export function junitReport(results: SuiteResults): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = results.layers.reduce((sum, layer) => sum + layer.cases.length, 0);
  const failures = results.layers.reduce(
    (sum, layer) =>
      sum + layer.cases.filter((c) => !c.pass).length + layer.findings.filter((f) => f.severity === 'fail').length,
    0,
  );
  lines.push(
    `<testsuites name="${escapeXml(results.suite)}" tests="${total}" failures="${failures}" time="${seconds(results.durationMs)}">`,
  );
  for (const layer of results.layers) {
    const failing = layer.findings.filter((finding) => finding.severity === 'fail');
    const layerFailures = layer.cases.filter((c) => !c.pass).length + failing.length;
    lines.push(
      `  <testsuite name="${layer.name}" tests="${layer.cases.length + failing.length}" failures="${layerFailures}" time="${seconds(layer.durationMs)}">`,
    );
    lines.push(
      `    <properties><property name="model" value="${escapeXml(results.model)}"/><property name="driftwatch.test.run.id" value="${results.runId}"/></properties>`,
    );
    for (const result of layer.cases) {
      const open = `    <testcase classname="${escapeXml(`${results.suite}.${layer.name}`)}" name="${escapeXml(result.id)}" time="${seconds(result.durationMs)}"`;
      if (result.pass) {
        lines.push(`${open}/>`);
        continue;
      }
      const failed = result.checks.filter((check) => !check.pass);
      const detail = [
        `verdict: ${result.verdict}`,
        ...failed.map((check) => `${check.name}: ${check.message ?? 'failed'}`),
        `trace: ${result.traceId}`,
      ].join('\n');
      lines.push(`${open}>`);
      lines.push(
        `      <failure message="${escapeXml(result.verdict)}" type="${result.verdict}">${escapeXml(detail)}</failure>`,
      );
      lines.push('    </testcase>');
    }
    for (const finding of failing) {
      lines.push(
        `    <testcase classname="${escapeXml(`${results.suite}.${layer.name}`)}" name="${escapeXml(finding.id)}">`,
      );
      lines.push(`      <failure message="${escapeXml(finding.message)}" type="finding"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
