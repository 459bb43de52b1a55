// The datasources every dashboard uses, by the fixed uids deploy/grafana/provisioning/datasources provisions.

export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: 'driftwatch-prometheus' } as const;
export const TEMPO_DATASOURCE = { type: 'tempo', uid: 'driftwatch-tempo' } as const;
export const ALERTMANAGER_DATASOURCE = { type: 'alertmanager', uid: 'driftwatch-alertmanager' } as const;
