// Every dashboard the generator writes to grafana/dashboards/.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { costContextDashboard } from './cost-context.ts';
import { driftDashboard } from './drift.ts';
import { overviewDashboard } from './overview.ts';
import { qualityDashboard } from './quality.ts';
import { toolsDashboard } from './tools.ts';
import { tracesDashboard } from './traces.ts';

export interface DashboardFile {
  readonly fileName: string;
  readonly build: () => dashboard.Dashboard;
}

export const DASHBOARD_FILES: readonly DashboardFile[] = [
  { fileName: 'overview.json', build: overviewDashboard },
  { fileName: 'quality.json', build: qualityDashboard },
  { fileName: 'drift.json', build: driftDashboard },
  { fileName: 'tools.json', build: toolsDashboard },
  { fileName: 'cost-context.json', build: costContextDashboard },
  { fileName: 'traces.json', build: tracesDashboard },
];

export function renderDashboard(file: DashboardFile): string {
  return `${JSON.stringify(file.build(), null, 2)}\n`;
}
