import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { GenAIMetrics } from '../internal/genai-metrics';
import { warnOnce } from '../internal/guard';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../internal/package-info';
import { type ResolvedOpenAIConfig, resolveOpenAIConfig } from '../internal/resolved-config';
import type { OpenAIInstrumentationConfig } from '../types';
import { OpenAIOperations } from './openai-operations';
import { patchModule, unpatchModule } from './patch-module';
import { wrapCreate } from './wrap-create';

/** The `openai` majors this instrumentation is tested against. */
const SUPPORTED_MAJORS = new Set([6, 7]);

/**
 * OpenTelemetry instrumentation for the `openai` SDK (6.x and 7.x): `chat.completions.create`,
 * `responses.create` and `embeddings.create`, plain and streaming, and every helper built on them, as GenAI
 * spans and metrics (conventions v1.41.1). Add it to your own NodeSDK, or let `register` do it.
 */
export class OpenAIInstrumentation extends InstrumentationBase<OpenAIInstrumentationConfig> {
  declare private genAIMetrics: GenAIMetrics;
  declare private resolvedConfig: ResolvedOpenAIConfig;
  declare private operations: OpenAIOperations;

  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  override setConfig(config: OpenAIInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.resolvedConfig = resolveOpenAIConfig(this._config);
  }

  protected override _updateMetricInstruments(): void {
    this.genAIMetrics = new GenAIMetrics(this.meter);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'openai',
      ['*'],
      (moduleExports: unknown, moduleVersion?: string) => {
        this.patch(moduleExports, moduleVersion);
        return moduleExports;
      },
      (moduleExports: unknown) => {
        if (moduleExports !== undefined) unpatchModule(moduleExports);
      },
    );
  }

  /**
   * Patches one loaded copy of `openai` (its CommonJS exports, its ES module namespace or the `OpenAI` class).
   * Safe to call repeatedly and on copies already patched. Returns false, after one `diag` warning, when the
   * version is unsupported or the SDK's classes are not where they should be.
   */
  patch(moduleExports: unknown, moduleVersion?: string): boolean {
    const major = moduleVersion === undefined ? undefined : Number.parseInt(moduleVersion, 10);
    if (major !== undefined && !SUPPORTED_MAJORS.has(major)) {
      warnOnce(
        `openai.version.${moduleVersion}`,
        `openai ${moduleVersion} is not supported (6.x and 7.x are); its calls are not traced`,
      );
      return false;
    }
    const operations = this.openAIOperations();
    const patched = patchModule(moduleExports, (original, adapter) => wrapCreate(operations, original, adapter));
    if (patched === 0) {
      warnOnce('openai.shape', 'openai was loaded but its resource classes were not found; its calls are not traced');
      return false;
    }
    return true;
  }

  private openAIOperations(): OpenAIOperations {
    if (this.operations === undefined) {
      const instrumentation = this;
      this.operations = new OpenAIOperations({
        isEnabled: () => instrumentation.isEnabled(),
        get tracer() {
          return instrumentation.tracer;
        },
        get metrics() {
          return instrumentation.genAIMetrics;
        },
        get config() {
          return instrumentation.resolvedConfig;
        },
      });
    }
    return this.operations;
  }
}
