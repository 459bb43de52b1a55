import { CONTEXT_COST_TESTS } from './context-cost-tests.ts';
import { MODEL_DRIFT_TESTS } from './model-drift-tests.ts';
import { RECORDING_TESTS } from './recording-tests.ts';
import { SILENT_FAILURE_TESTS } from './silent-failure-tests.ts';
import { TOOL_CHAIN_TESTS } from './tool-chain-tests.ts';
import type { AlertTestFile } from './unit-test-types.ts';

export const ALERT_TEST_FILES: readonly AlertTestFile[] = [
  RECORDING_TESTS,
  SILENT_FAILURE_TESTS,
  TOOL_CHAIN_TESTS,
  MODEL_DRIFT_TESTS,
  CONTEXT_COST_TESTS,
];
