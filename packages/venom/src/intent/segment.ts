import type { Token } from './tokenize.js';

/**
 * One step's worth of tokens, with a "used" mark per token. Rules take (mark) the tokens they understand;
 * whatever is left decides how much the match is trusted.
 */
export class Segment {
  readonly tokens: readonly Token[];
  readonly text: string;
  private readonly used: boolean[];
  /** Typo-corrected tokens a rule took as keywords (each lowers confidence a little). */
  correctedKeywords = 0;

  constructor(tokens: readonly Token[], text: string) {
    this.tokens = tokens;
    this.text = text;
    this.used = tokens.map(() => false);
  }

  get length(): number {
    return this.tokens.length;
  }

  isUsed(index: number): boolean {
    return this.used[index] === true;
  }

  token(index: number): Token | undefined {
    return this.tokens[index];
  }

  /** The normalised word at `index` when it is an unused word token (number words included). */
  word(index: number): string | undefined {
    const token = this.tokens[index];
    return token !== undefined && token.kind === 'word' && !this.used[index] ? token.word : undefined;
  }

  /** Marks tokens as understood. */
  take(...indexes: number[]): void {
    for (const index of indexes) {
      if (index < 0 || index >= this.tokens.length || this.used[index]) continue;
      this.used[index] = true;
      if (this.tokens[index]?.corrected) this.correctedKeywords++;
    }
  }

  /** Index of the first unused word token in `words` at or after `from`, or -1. */
  find(words: ReadonlySet<string> | readonly string[], from = 0): number {
    const has =
      words instanceof Set
        ? (word: string) => words.has(word)
        : (word: string) => (words as readonly string[]).includes(word);
    for (let index = Math.max(0, from); index < this.tokens.length; index++) {
      const word = this.word(index);
      if (word !== undefined && has(word)) return index;
    }
    return -1;
  }

  has(...words: string[]): boolean {
    return this.find(words) >= 0;
  }

  /** Takes the first unused occurrence of any of `words`; returns its index or -1. */
  takeWord(...words: string[]): number {
    const index = this.find(words);
    if (index >= 0) this.take(index);
    return index;
  }

  /** Takes every unused occurrence of each of `words`; returns how many were taken. */
  takeEvery(...words: string[]): number {
    let count = 0;
    for (let index = 0; index < this.tokens.length; index++) {
      const word = this.word(index);
      if (word !== undefined && words.includes(word)) {
        this.take(index);
        count++;
      }
    }
    return count;
  }

  /**
   * Finds consecutive unused words matching `pattern` (each element a word or a set of alternatives, a
   * trailing '?' on a string makes it optional); returns the indexes matched or undefined.
   */
  findPhrase(pattern: readonly (string | readonly string[])[], from = 0): number[] | undefined {
    for (let start = Math.max(0, from); start < this.tokens.length; start++) {
      const matched = this.matchPhraseAt(pattern, start);
      if (matched !== undefined) return matched;
    }
    return undefined;
  }

  /** Like findPhrase, and takes the matched tokens. */
  takePhrase(pattern: readonly (string | readonly string[])[], from = 0): number[] | undefined {
    const matched = this.findPhrase(pattern, from);
    if (matched !== undefined) this.take(...matched);
    return matched;
  }

  matchPhraseAt(pattern: readonly (string | readonly string[])[], start: number): number[] | undefined {
    const matched: number[] = [];
    let index = start;
    for (const element of pattern) {
      const optional = typeof element === 'string' && element.endsWith('?');
      const alternatives =
        typeof element === 'string' ? [optional ? element.slice(0, -1) : element] : element;
      const word = this.word(index);
      if (word !== undefined && alternatives.includes(word)) {
        matched.push(index);
        index++;
      } else if (!optional) {
        return undefined;
      }
    }
    return matched.length > 0 ? matched : undefined;
  }

  /** The next unused token index after `index` (skipping words in `skip`), or -1. */
  nextUnused(index: number, skip: ReadonlySet<string> = EMPTY): number {
    for (let next = index + 1; next < this.tokens.length; next++) {
      if (this.used[next]) continue;
      const token = this.tokens[next];
      if (token?.kind === 'word' && skip.has(token.word)) continue;
      return next;
    }
    return -1;
  }

  /** Original text from the start of token `index` to the end of the segment. */
  rawFrom(index: number): string {
    const first = this.tokens[index];
    const last = this.tokens[this.tokens.length - 1];
    if (first === undefined || last === undefined) return '';
    return this.text.slice(first.start, last.end).trim();
  }

  /** Original text from token `from` to token `to` inclusive. */
  rawBetween(from: number, to: number): string {
    const first = this.tokens[from];
    const last = this.tokens[to];
    if (first === undefined || last === undefined) return '';
    return this.text.slice(first.start, last.end).trim();
  }

  /** Indexes of tokens no rule took. */
  unused(): number[] {
    const indexes: number[] = [];
    for (let index = 0; index < this.tokens.length; index++) if (!this.used[index]) indexes.push(index);
    return indexes;
  }

  /** A fresh copy with nothing taken, for trying the next rule. */
  reset(): Segment {
    return new Segment(this.tokens, this.text);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
