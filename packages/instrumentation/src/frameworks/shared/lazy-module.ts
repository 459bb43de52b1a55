/**
 * A module loaded on first use: a bridge's code loads when its framework does, not with `register` (the start-up
 * cost of apps without that framework). `load` is a `require` of a relative path, which the build keeps as is.
 */
export function lazyModule<Module>(load: () => Module): () => Module {
  let loaded: Module | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
