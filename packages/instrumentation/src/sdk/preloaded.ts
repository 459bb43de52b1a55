const REGISTER_SPECIFIER = '@driftwatch/instrumentation/register';

/** True when this process preloads Driftwatch with `--import`/`--require` (command line or NODE_OPTIONS). */
export function isPreloaded(): boolean {
  const argumentsText = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  return argumentsText.includes(REGISTER_SPECIFIER);
}
