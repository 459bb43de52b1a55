/** The error body the real API sends: `{ error: { message, type, param, code } }`. */
export function openAiErrorBody(options: {
  message: string;
  type: string;
  param?: string | null;
  code?: string | null;
}) {
  return {
    error: { message: options.message, type: options.type, param: options.param ?? null, code: options.code ?? null },
  };
}
