let registered = false;

/** Records that an import hook of Driftwatch's is installed in this process. */
export function markImportHookRegistered(): void {
  registered = true;
}

/** Whether `registerImportHook()` (or register's lean hook) has run in this process. */
export function isImportHookRegistered(): boolean {
  return registered;
}
