export { err, ok, type Result, unwrap } from './result.js';
export {
  type ErrorCategory,
  type ErrorDetails,
  exitCodeFor,
  NEGATIVE_ANSWER_EXIT_CODE,
  toVenomError,
  VenomError,
  type VenomErrorOptions,
} from './venom-error.js';
