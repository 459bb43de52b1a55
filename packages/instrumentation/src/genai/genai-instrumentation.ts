import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { GenAIMetrics } from '../internal/genai-metrics';
import { warnOnce } from '../internal/guard';
import { warnIfImportHookMissing } from '../internal/import-hook-check';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../internal/package-info';
import type { OperationHost } from './begin-operation';
import { subscribeOperationFeatures } from './operation-features';

/** The SDK an instrumentation patches, and what differs between SDKs: options, operations, patching. */
export interface InstrumentedSdk<Config, Resolved, Operations> {
  /** The npm package the module hooks watch for (`openai`, `@anthropic-ai/sdk`). */
  readonly moduleName: string;
  /** The prefix of its warnings' keys (`openai`, `anthropic`). */
  readonly component: string;
  readonly supportedMajors: ReadonlySet<number>;
  /** How the warning for another major names the supported ones (`6.x and 7.x`). */
  readonly supportedMajorsText: string;
  /** What the warning for an unknown shape says was not found (`its resource classes`). */
  readonly patchedClasses: string;
  resolveConfig(config: Config): Resolved;
  createOperations(host: OperationHost & { readonly config: Resolved }): Operations;
  /** Wraps the SDK's methods of one loaded copy once; returns whether its calls are traced now. */
  patchCopy(moduleExports: unknown, operations: Operations): boolean;
  unpatchCopy(moduleExports: unknown): void;
}

/**
 * What the GenAI instrumentations share: resolved options, the conventions' metric instruments, the module hook for
 * their SDK and a guarded `patch()` for copies the hooks cannot see. Each SDK brings its options, its operations
 * and the way it patches one loaded copy.
 */
export abstract class GenAIInstrumentation<
  Config extends InstrumentationConfig,
  Resolved extends OperationHost['config'],
  Operations,
> extends InstrumentationBase<Config> {
  declare private genAIMetrics: GenAIMetrics;
  declare private resolvedConfig: Resolved;
  declare private cachedOperations: Operations | undefined;

  constructor(config: Config) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
    subscribeOperationFeatures();
  }

  /** Read from the base constructor, so a getter (never a field) in each subclass. */
  protected abstract get sdk(): InstrumentedSdk<Config, Resolved, Operations>;

  override setConfig(config: Config = {} as Config): void {
    super.setConfig(config);
    this.resolvedConfig = this.sdk.resolveConfig(this._config);
  }

  override enable(): void {
    super.enable();
    warnIfImportHookMissing();
  }

  protected override _updateMetricInstruments(): void {
    this.genAIMetrics = new GenAIMetrics(this.meter);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      this.sdk.moduleName,
      ['*'],
      (moduleExports: unknown, moduleVersion?: string) => {
        this.patch(moduleExports, moduleVersion);
        return moduleExports;
      },
      (moduleExports: unknown) => {
        if (moduleExports !== undefined) this.sdk.unpatchCopy(moduleExports);
      },
    );
  }

  /**
   * Patches one loaded copy of the SDK (its CommonJS exports, its ES module namespace or its client class). Safe
   * to call repeatedly and on copies already patched. Returns false, after one `diag` warning, when the version is
   * unsupported or the SDK's classes are not where they should be.
   */
  patch(moduleExports: unknown, moduleVersion?: string): boolean {
    const { sdk } = this;
    const major = moduleVersion === undefined ? undefined : Number.parseInt(moduleVersion, 10);
    if (major !== undefined && !sdk.supportedMajors.has(major)) {
      warnOnce(
        `${sdk.component}.version.${moduleVersion}`,
        `${sdk.moduleName} ${moduleVersion} is not supported (${sdk.supportedMajorsText} are); its calls are not traced`,
      );
      return false;
    }
    const patched = sdk.patchCopy(moduleExports, this.operations());
    if (!patched) {
      warnOnce(
        `${sdk.component}.shape`,
        `${sdk.moduleName} was loaded but ${sdk.patchedClasses} were not found; its calls are not traced`,
      );
    }
    return patched;
  }

  private operations(): Operations {
    if (this.cachedOperations === undefined) {
      const instrumentation = this;
      this.cachedOperations = this.sdk.createOperations({
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
    return this.cachedOperations;
  }
}
