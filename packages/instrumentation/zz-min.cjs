const t0 = performance.now();
const mods = (process.env.MODS || '').split(',').filter(Boolean);
for (const m of mods) require(m);
const t1 = performance.now();
console.log(
  Math.round(t1 - t0),
  'ms',
  Object.keys(require.cache).length,
  'modules',
  Math.round(process.memoryUsage().rss / 1e6),
  'MB rss',
);
