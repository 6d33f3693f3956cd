/**
 * A quick, tokenizer-free estimate of how many tokens `text` costs: about 4 characters per token for
 * ASCII (English prose and code), one token per character elsewhere (CJK, emoji), rounded up.
 * Used for worst-case budgets and Ollama context checks, never for billing a finished call.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of text) {
    if ((character.codePointAt(0) ?? 0) < 0x80) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4 + other);
}

/** Per-message overhead of chat formats (role markers, separators), in tokens. */
const MESSAGE_OVERHEAD_TOKENS = 4;

/** Estimated prompt tokens of a list of chat messages, including per-message overhead. */
export function estimatePromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce(
    (sum, message) => sum + estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS,
    0,
  );
}
