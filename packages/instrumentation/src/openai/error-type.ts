/** Kept for the modules that import it from here; the function lives with the other provider-neutral pieces. */
export { errorTypeOf } from '../genai/error-type';
