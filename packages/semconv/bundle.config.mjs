// What `npm run build` bundles (scripts/bundle-package.mjs): one file of constants.
export default { entries: { index: 'src/index.ts' }, external: [] };
