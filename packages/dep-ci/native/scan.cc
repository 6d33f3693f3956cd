// dep-ci's native reader and import scanner (Node-API). See
// docs/decisions/2026-11-22-dep-ci-native-scanner.md and src/graph/native-scan.ts.
//
// For a list of paths it opens, fstats and reads each file, hashes it (src/util/content-hash.ts) and scans a
// TS/JS file for imports on 2-4 native threads that claim files from a shared atomic index. The
// scanner is a line-by-line port of src/parse/scan-imports.ts (plus valueUsage of scan-file.ts) on
// UTF-8 bytes: every decision it takes is on ASCII characters, and every non-ASCII byte, like every
// non-ASCII UTF-16 unit, counts as an identifier character, so both walk the same tokens. Where the
// byte and the UTF-16 readings could differ (a string escape to decode, an astral character at a
// UTF-16 cut, invalid UTF-8, deep template nesting, a NUL in an output string) or for any other
// file kind, the file is handed back with its bytes and JavaScript scans it with scanFile.
#include <node_api.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// The content hash of src/util/content-hash.ts (see there), the same function on the same bytes.

constexpr uint32_t P1 = 0x9e3779b1u, P2 = 0x85ebca77u, P3 = 0xc2b2ae3du, P4 = 0x27d4eb2fu, P5 = 0x165667b1u;

inline uint32_t rotate(uint32_t value, int bits) { return (value << bits) | (value >> (32 - bits)); }

inline uint32_t littleEndianWord(const unsigned char *data) {
  return uint32_t(data[0]) | (uint32_t(data[1]) << 8) | (uint32_t(data[2]) << 16) | (uint32_t(data[3]) << 24);
}

inline uint32_t avalanche(uint32_t hash) {
  hash ^= hash >> 15;
  hash *= P2;
  hash ^= hash >> 13;
  hash *= P3;
  hash ^= hash >> 16;
  return hash;
}

/** Appends the 16 hex digits of the content hash of `data`. */
void appendContentHash(const unsigned char *data, size_t length, std::string &out) {
  uint32_t a = P1 + P2, b = P2, c = 0, d = 0u - P1;
  uint32_t e = P3 + P4, f = P4, g = 0, h = 0u - P3;
  size_t offset = 0;
  for (; offset + 16 <= length; offset += 16) {
    uint32_t w0 = littleEndianWord(data + offset), w1 = littleEndianWord(data + offset + 4);
    uint32_t w2 = littleEndianWord(data + offset + 8), w3 = littleEndianWord(data + offset + 12);
    a = rotate(a + w0 * P2, 13) * P1;
    b = rotate(b + w1 * P2, 13) * P1;
    c = rotate(c + w2 * P2, 13) * P1;
    d = rotate(d + w3 * P2, 13) * P1;
    e = rotate(e + w0 * P4, 17) * P3;
    f = rotate(f + w1 * P4, 17) * P3;
    g = rotate(g + w2 * P4, 17) * P3;
    h = rotate(h + w3 * P4, 17) * P3;
  }
  uint32_t first = length >= 16 ? rotate(a, 1) + rotate(b, 7) + rotate(c, 12) + rotate(d, 18) : P5;
  uint32_t second = length >= 16 ? rotate(e, 1) + rotate(f, 7) + rotate(g, 12) + rotate(h, 18) : P1;
  first += uint32_t(length);
  second += uint32_t(length);
  for (; offset + 4 <= length; offset += 4) {
    uint32_t word = littleEndianWord(data + offset);
    first = rotate(first + word * P3, 17) * P4;
    second = rotate(second + word * P5, 15) * P2;
  }
  for (; offset < length; offset++) {
    first = rotate(first + data[offset] * P5, 11) * P1;
    second = rotate(second + data[offset] * P1, 13) * P5;
  }
  static const char digits[] = "0123456789abcdef";
  for (uint32_t value : {avalanche(first), avalanche(second)})
    for (int shift = 28; shift >= 0; shift -= 4) out += digits[(value >> shift) & 15];
}

// ---------------------------------------------------------------------------------------------
// UTF-8

/** Whether `data` is UTF-8 that Buffer#toString('utf8') decodes without a replacement character. */
bool isValidUtf8(const unsigned char *data, size_t length) {
  size_t index = 0;
  while (index < length) {
    if (index + 8 <= length) {
      uint64_t chunk;
      memcpy(&chunk, data + index, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        index += 8;
        continue;
      }
    }
    unsigned char lead = data[index];
    if (lead < 0x80) {
      index++;
      continue;
    }
    size_t count;
    uint32_t minimum;
    uint32_t code;
    if (lead >= 0xc2 && lead <= 0xdf) {
      count = 1;
      minimum = 0x80;
      code = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      minimum = 0x800;
      code = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      minimum = 0x10000;
      code = lead & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= count; k++) {
      if (index + k >= length) return false;
      unsigned char next = data[index + k];
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    index += count + 1;
  }
  return true;
}

/** Bytes of the UTF-8 character whose lead byte is `lead`. */
inline int characterLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

/** The code point at `index` (valid UTF-8). */
uint32_t codePointAt(const unsigned char *data, size_t index) {
  unsigned char lead = data[index];
  if (lead < 0x80) return lead;
  int length = characterLength(lead);
  uint32_t code = lead & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07);
  for (int k = 1; k < length; k++) code = (code << 6) | (data[index + k] & 0x3f);
  return code;
}

/** JavaScript's WhiteSpace and LineTerminator (what `\s` and String#trim match). */
bool isJavaScriptSpace(uint32_t code) {
  return (code >= 9 && code <= 13) || code == 32 || code == 0xa0 || code == 0x1680 ||
         (code >= 0x2000 && code <= 0x200a) || code == 0x2028 || code == 0x2029 || code == 0x202f ||
         code == 0x205f || code == 0x3000 || code == 0xfeff;
}

// ---------------------------------------------------------------------------------------------
// The scanner (a port of src/parse/scan-imports.ts; names follow it).

enum Kind { KIND_IMPORT = 0, KIND_EXPORT, KIND_DYNAMIC, KIND_REQUIRE, KIND_GLOB, KIND_REFERENCE };
enum Problem {
  PROBLEM_STRING = 0,
  PROBLEM_TEMPLATE,
  PROBLEM_COMMENT,
  PROBLEM_BRACES_MISSING,
  PROBLEM_BRACES_EXTRA,
};

constexpr int TAB = 9, LINE_FEED = 10, CARRIAGE_RETURN = 13, SPACE = 32, DOUBLE_QUOTE = 34, DOLLAR = 36,
              SINGLE_QUOTE = 39, OPEN_PAREN = 40, CLOSE_PAREN = 41, STAR = 42, COMMA = 44, DOT = 46,
              SLASH = 47, DIGIT_0 = 48, DIGIT_9 = 57, EQUALS = 61, OPEN_BRACKET = 91, BACKSLASH = 92,
              CLOSE_BRACKET = 93, UNDERSCORE = 95, BACKTICK = 96, OPEN_BRACE = 123, CLOSE_BRACE = 125;

/** Nested template literals a specifier may hold before the file goes to JavaScript. */
constexpr int MAX_TEMPLATE_NESTING = 256;

inline bool isIdentifierStart(int code) {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code == DOLLAR || code == UNDERSCORE ||
         code == 35 || code > 127;
}

inline bool isIdentifierPart(int code) { return isIdentifierStart(code) || (code >= DIGIT_0 && code <= DIGIT_9); }

inline bool isWordCharacter(int code) {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code == 95 ||
         code == 36 || code > 127;
}

inline bool isAsciiWord(int code) {  // regex \w
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code == 95;
}

struct ImportRecord {
  std::string specifier;
  int kind;
  bool typeOnly;
  bool pattern;
  bool hasBindings;
  std::vector<std::string> bindings;
};

struct Unresolved {
  std::string expression;
  long line;
};

struct Word {
  long start;
  long end;
  bool found;
};

struct Literal {
  std::string value;
  long end;
  bool pattern;
};

class Scanner {
 public:
  Scanner(const unsigned char *source, long length) : s(source), n(length) {}

  std::vector<ImportRecord> imports;
  std::vector<Unresolved> unresolved;
  std::vector<std::pair<int, long>> problems;
  /** The file must be scanned by JavaScript: the byte reading could differ from the UTF-16 one. */
  bool fallback = false;

  void run() {
    for (unsigned char code : {'`', '\'', '"', '/', '{', '}', 'i', 'e', 'r', 'c'}) tokenStart[code] = true;
    if (find("createRequire", 13, 0) != -1) collectRequireNames();
    long lastIndex = 0;
    while (!fallback) {
      long tokenLength = 0;
      long index = nextToken(lastIndex, tokenLength);
      if (index < 0) break;
      int code = s[index];
      long resume = index + 1;
      if (code == SINGLE_QUOTE || code == DOUBLE_QUOTE) {
        resume = skipString(index, code);
      } else if (code == BACKTICK) {
        resume = skipTemplateBody(index + 1);
      } else if (code == OPEN_BRACE) {
        braceDepth++;
      } else if (code == CLOSE_BRACE) {
        if (!templateDepths.empty() && templateDepths.back() == braceDepth) {
          templateDepths.pop_back();
          braceDepth--;
          resume = skipTemplateBody(index + 1);
        } else {
          braceDepth--;
        }
      } else if (code == SLASH && tokenLength == 1) {
        int following = at(index + 1);
        if (following == SLASH) {
          long end = find("\n", 1, index);
          resume = end == -1 ? n : end;
          lastCommentEnd = resume;
          if (at(index + 2) == SLASH) handleReference(index, resume);
        } else if (following == STAR) {
          long end = find("*/", 2, index + 2);
          if (end == -1) {
            problem(PROBLEM_COMMENT, index);
            resume = n;
          } else {
            resume = end + 2;
          }
          lastCommentEnd = resume;
        } else if (regexAllowedBefore(index)) {
          resume = skipRegex(index);
        }
      } else {
        long end = index + tokenLength;
        if (isIdentifierPart(at(index - 1)) || isIdentifierPart(at(end)) || isPropertyAccess(index)) {
          resume = end;
        } else if (equals(index, end, "import")) {
          resume = handleImport(end);
        } else if (equals(index, end, "export")) {
          resume = handleExport(end);
        } else if (equals(index, end, "createRequire")) {
          resume = handleCreateRequire(end);
        } else {
          resume = handleRequire(end);
        }
      }
      lastIndex = std::max(resume, index + 1);
    }
    if (braceDepth != 0 || !templateDepths.empty())
      problem(braceDepth > 0 ? PROBLEM_BRACES_MISSING : PROBLEM_BRACES_EXTRA, n);
  }

  /** scan-file.ts valueUsage for one record. */
  bool valueUsed(const ImportRecord &record, bool typescript) const {
    if (!typescript || record.kind != KIND_IMPORT || !record.hasBindings) return true;
    if (record.bindings.empty()) return !record.typeOnly;
    for (const std::string &binding : record.bindings)
      if (!binding.empty() && countWord(binding, 2) >= 2) return true;
    return false;
  }

 private:
  const unsigned char *s;
  long n;
  std::vector<long> templateDepths;
  long braceDepth = 0;
  long lastCommentEnd = -1;
  int nesting = 0;
  /** Names bound to createRequire, longest first (then in order of appearance). */
  std::vector<std::string> requireNames;
  bool tokenStart[256] = {false};

  inline int at(long index) const { return index >= 0 && index < n ? s[index] : -1; }

  bool equals(long start, long end, const char *text) const {
    size_t length = strlen(text);
    return size_t(end - start) == length && memcmp(s + start, text, length) == 0;
  }

  bool startsWith(long index, const char *text, size_t length) const {
    return index >= 0 && index + long(length) <= n && memcmp(s + index, text, length) == 0;
  }

  /** String#indexOf. */
  long find(const char *text, size_t length, long from) const {
    if (from < 0) from = 0;
    if (from >= n) return -1;
    if (length == 0) return from;
    if (long(length) > n - from) return -1;
    // memchr for the needle's likely rarest byte (not a lower-case letter), then a compare: needles
    // are short, and glibc memmem's setup costs more than the search.
    size_t pivot = 0;
    for (size_t k = 0; k < length; k++)
      if (text[k] < 'a' || text[k] > 'z') {
        pivot = k;
        break;
      }
    const unsigned char *first = s + from;
    const unsigned char *last = s + n - long(length);
    const unsigned char *cursor = first + pivot;
    while (cursor <= last + pivot) {
      const void *found = memchr(cursor, text[pivot], size_t(last + pivot - cursor) + 1);
      if (found == nullptr) return -1;
      const unsigned char *candidate = static_cast<const unsigned char *>(found) - pivot;
      if (memcmp(candidate, text, length) == 0) return long(candidate - s);
      cursor = candidate + pivot + 1;
    }
    return -1;
  }

  /** A JavaScript space at `index`: its length in bytes, else 0. */
  long spaceAt(long index) const {
    if (index < 0 || index >= n) return 0;
    unsigned char lead = s[index];
    if (lead < 0x80) return isJavaScriptSpace(lead) ? 1 : 0;
    return isJavaScriptSpace(codePointAt(s, size_t(index))) ? characterLength(lead) : 0;
  }

  long skipSpaces(long index) const {
    for (long length = spaceAt(index); length > 0; length = spaceAt(index)) index += length;
    return index;
  }

  long lineAt(long offset) const {
    long line = 1;
    long limit = std::min(offset, n);
    const unsigned char *cursor = s;
    const unsigned char *end = s + std::max(limit, 0L);
    while (cursor < end) {
      const void *found = memchr(cursor, '\n', size_t(end - cursor));
      if (found == nullptr) break;
      line++;
      cursor = static_cast<const unsigned char *>(found) + 1;
    }
    return line;
  }

  void problem(int message, long offset) { problems.emplace_back(message, lineAt(offset)); }

  std::string slice(long start, long end) const {
    start = std::max(0L, std::min(start, n));
    end = std::max(start, std::min(end, n));
    return std::string(reinterpret_cast<const char *>(s + start), size_t(end - start));
  }

  /** CREATE_REQUIRE_BINDING matched over the whole source, as String#matchAll. */
  void collectRequireNames() {
    long index = 0;
    std::vector<std::string> names;
    while (index < n) {
      int code = s[index];
      if (code != 'c' && code != 'l' && code != 'v') {
        index++;
        continue;
      }
      long end = matchCreateRequireBinding(index, names);
      index = end > index ? end : index + 1;
    }
    // Stable: equal lengths keep their order (they can never match at the same offset anyway).
    std::stable_sort(names.begin(), names.end(),
                     [](const std::string &left, const std::string &right) { return left.size() > right.size(); });
    requireNames = names;
    for (const std::string &name : requireNames) tokenStart[static_cast<unsigned char>(name[0])] = true;
  }

  /** `(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:[\w$]+\s*\.\s*)?createRequire\s*\(` at `index`. */
  long matchCreateRequireBinding(long index, std::vector<std::string> &names) const {
    long cursor;
    if (startsWith(index, "const", 5))
      cursor = index + 5;
    else if (startsWith(index, "let", 3) || startsWith(index, "var", 3))
      cursor = index + 3;
    else
      return -1;
    long afterSpace = skipSpaces(cursor);
    if (afterSpace == cursor) return -1;
    cursor = afterSpace;
    int first = at(cursor);
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first == 95 || first == 36)) return -1;
    long nameStart = cursor;
    cursor++;
    while (isAsciiWord(at(cursor)) || at(cursor) == 36) cursor++;
    long nameEnd = cursor;
    cursor = skipSpaces(cursor);
    if (at(cursor) != EQUALS) return -1;
    cursor = skipSpaces(cursor + 1);
    long call = -1;
    {
      // The optional `object.` group first (greedy), then without it.
      long group = cursor;
      while (isAsciiWord(at(group)) || at(group) == 36) group++;
      if (group > cursor) {
        group = skipSpaces(group);
        if (at(group) == DOT) {
          group = skipSpaces(group + 1);
          call = matchCreateRequireCall(group);
        }
      }
      if (call == -1) call = matchCreateRequireCall(cursor);
    }
    if (call == -1) return -1;
    std::string name = slice(nameStart, nameEnd);
    if (name != "require" && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    return call;
  }

  long matchCreateRequireCall(long index) const {
    if (!startsWith(index, "createRequire", 13)) return -1;
    long cursor = skipSpaces(index + 13);
    return at(cursor) == OPEN_PAREN ? cursor + 1 : -1;
  }

  /** Whether `text` (ASCII, short) is at `index`; a byte loop beats memcmp for a first-byte miss. */
  inline bool matchAt(long index, const char *text, long length) const {
    if (index + length > n) return false;
    for (long k = 0; k < length; k++)
      if (s[index + k] != static_cast<unsigned char>(text[k])) return false;
    return true;
  }

  /** NEXT_TOKEN (or nextTokenWith): the offset of the next token from `from`, its length in `length`. */
  long nextToken(long from, long &length) const {
    for (long index = from; index < n; index++) {
      unsigned char code = s[index];
      if (!tokenStart[code]) continue;
      switch (code) {
        case BACKTICK:
        case SINGLE_QUOTE:
        case DOUBLE_QUOTE:
        case SLASH:
        case OPEN_BRACE:
        case CLOSE_BRACE:
          length = 1;
          return index;
        default:
          break;
      }
      for (const std::string &name : requireNames)
        if (matchAt(index, name.data(), long(name.size()))) {
          length = long(name.size());
          return index;
        }
      // Unrolled on purpose: this runs at every identifier start, and a loop over a keyword table
      // (strlen and all) cost the 10k corpus ~15 ms more of the native threads' CPU.
      if (code == 'i' && matchAt(index, "import", 6)) {
        length = 6;
        return index;
      }
      if (code == 'e' && matchAt(index, "export", 6)) {
        length = 6;
        return index;
      }
      if (code == 'r' && matchAt(index, "require", 7)) {
        length = 7;
        return index;
      }
      if (code == 'c' && matchAt(index, "createRequire", 13)) {
        length = 13;
        return index;
      }
    }
    return -1;
  }

  long skipTrivia(long offset) const {
    long index = offset;
    while (index < n) {
      int code = s[index];
      if (code == SPACE || code == LINE_FEED || code == TAB || code == CARRIAGE_RETURN) {
        index++;
      } else if (code == SLASH && at(index + 1) == SLASH) {
        long end = find("\n", 1, index);
        index = end == -1 ? n : end + 1;
      } else if (code == SLASH && at(index + 1) == STAR) {
        long end = find("*/", 2, index + 2);
        index = end == -1 ? n : end + 2;
      } else {
        return index;
      }
    }
    return index;
  }

  long skipString(long offset, int quote) {
    long index = offset + 1;
    while (index < n) {
      int code = s[index];
      if (code == quote) return index + 1;
      if (code == BACKSLASH) {
        index += 2;
      } else if (code == LINE_FEED) {
        problem(PROBLEM_STRING, offset);
        return index;
      } else {
        index++;
      }
    }
    problem(PROBLEM_STRING, offset);
    return n;
  }

  bool readString(long offset, Literal &literal) {
    int quote = at(offset);
    if (quote != SINGLE_QUOTE && quote != DOUBLE_QUOTE) return false;
    long end = skipString(offset, quote);
    if (at(end - 1) != quote || end - 1 == offset) return false;
    literal.value = slice(offset + 1, end - 1);
    // decodeEscapes: UTF-16 results (lone surrogates, RangeErrors) are JavaScript's to produce.
    if (literal.value.find('\\') != std::string::npos) fallback = true;
    literal.end = end;
    literal.pattern = false;
    return true;
  }

  bool readTemplate(long offset, Literal &literal) {
    if (++nesting > MAX_TEMPLATE_NESTING) {
      fallback = true;
      nesting--;
      return false;
    }
    bool result = readTemplateBody(offset, literal);
    nesting--;
    return result;
  }

  bool readTemplateBody(long offset, Literal &literal) {
    long index = offset + 1;
    std::string value;
    bool pattern = false;
    while (index < n) {
      int code = s[index];
      if (code == BACKTICK) {
        literal.value = std::move(value);
        literal.end = index + 1;
        literal.pattern = pattern;
        return true;
      }
      if (code == BACKSLASH) {
        // `source[index + 1]` is one UTF-16 unit, `index += 2` steps over it: a whole character.
        if (index + 1 < n) {
          long length = characterLength(s[index + 1]);
          value.append(reinterpret_cast<const char *>(s + index + 1), size_t(std::min(length, n - index - 1)));
          index += 1 + length;
        } else {
          index += 2;
        }
      } else if (code == DOLLAR && at(index + 1) == OPEN_BRACE) {
        long depth = 1;
        index += 2;
        while (index < n && depth > 0) {
          int inner = s[index];
          if (inner == OPEN_BRACE) {
            depth++;
          } else if (inner == CLOSE_BRACE) {
            depth--;
          } else if (inner == SINGLE_QUOTE || inner == DOUBLE_QUOTE) {
            index = skipString(index, inner) - 1;
          } else if (inner == BACKTICK) {
            Literal nested;
            if (!readTemplate(index, nested)) return false;
            index = nested.end - 1;
          }
          index++;
        }
        if (value.empty() || value.back() != '*') value += '*';
        pattern = true;
      } else {
        value += char(code);
        index++;
      }
    }
    return false;
  }

  bool readSpecifier(long offset, Literal &literal) {
    if (at(offset) == BACKTICK) return readTemplate(offset, literal);
    return readString(offset, literal);
  }

  Word readWord(long offset) const {
    if (!isIdentifierStart(at(offset))) return {offset, offset, false};
    long end = offset + 1;
    while (end < n && isIdentifierPart(s[end])) end++;
    return {offset, end, true};
  }

  bool wordIs(const Word &word, const char *text) const { return word.found && equals(word.start, word.end, text); }

  /** expressionAt, counting UTF-16 units for its 200 and 80 limits. */
  std::string expressionAt(long offset) {
    long depth = 0;
    long index = offset;
    long units = 0;
    while (index < n && units < 200) {
      int code = s[index];
      if (code == OPEN_PAREN) {
        depth++;
      } else if (code == CLOSE_PAREN) {
        if (depth == 0) break;
        depth--;
      } else if (code == LINE_FEED && depth == 0) {
        break;
      }
      int length = characterLength(s[index]);
      if (length == 4) {
        if (units == 199) fallback = true;  // JavaScript would cut between two surrogates
        units += 2;
      } else {
        units++;
      }
      index += length;
    }
    long start = offset;
    long end = std::min(index, n);
    if (start >= end) return std::string();
    while (start < end) {
      long length = spaceAt(start);
      if (length == 0) break;
      start += length;
    }
    while (end > start) {
      long characterStart = end - 1;
      while (characterStart > start && (s[characterStart] & 0xc0) == 0x80) characterStart--;
      if (spaceAt(characterStart) == 0) break;
      end = characterStart;
    }
    long cut = start;
    units = 0;
    while (cut < end && units < 80) {
      int length = characterLength(s[cut]);
      if (length == 4) {
        if (units == 79) fallback = true;
        units += 2;
      } else {
        units++;
      }
      cut += length;
    }
    return slice(start, std::min(cut, end));
  }

  void callArgument(long offset, int kind, bool typeOnly) {
    long argumentStart = skipTrivia(offset);
    Literal specifier;
    if (readSpecifier(argumentStart, specifier)) {
      int after = at(skipTrivia(specifier.end));
      if (after == CLOSE_PAREN || after == COMMA) {
        if (specifier.pattern && specifier.value.find_first_of("./") == std::string::npos) {
          unresolved.push_back({expressionAt(argumentStart), lineAt(argumentStart)});
          return;
        }
        imports.push_back({std::move(specifier.value), kind, typeOnly, specifier.pattern, false, {}});
        return;
      }
    }
    if (at(argumentStart) == CLOSE_PAREN) return;
    unresolved.push_back({expressionAt(argumentStart), lineAt(argumentStart)});
  }

  std::vector<std::vector<std::string>> readNamedEntries(long start, long end) {
    std::vector<std::vector<std::string>> entries;
    std::vector<std::string> words;
    long index = start;
    while (index < end) {
      index = skipTrivia(index);
      if (index >= end) break;
      int code = s[index];
      if (code == COMMA) {
        entries.push_back(std::move(words));
        words.clear();
        index++;
      } else if (code == SINGLE_QUOTE || code == DOUBLE_QUOTE) {
        Literal literal;
        if (readString(index, literal)) {
          words.push_back(std::move(literal.value));
          index = literal.end;
        } else {
          words.emplace_back();
          index = index + 1;
        }
      } else {
        Word word = readWord(index);
        if (!word.found) {
          index++;
        } else {
          words.push_back(slice(word.start, word.end));
          index = word.end;
        }
      }
    }
    if (!words.empty()) entries.push_back(std::move(words));
    return entries;
  }

  static bool isNamedType(const std::vector<std::string> &words) {
    return words[0] == "type" && words.size() > 1 && words[1] != "as";
  }

  long handleImport(long end) {
    long index = skipTrivia(end);
    int next = at(index);
    if (next == OPEN_PAREN) {
      callArgument(index + 1, KIND_DYNAMIC, false);
      return index + 1;
    }
    if (next == DOT) {
      Word meta = readWord(skipTrivia(index + 1));
      if (!wordIs(meta, "meta")) return index;
      long cursor = skipTrivia(meta.end);
      if (at(cursor) != DOT) return cursor;
      Word method = readWord(skipTrivia(cursor + 1));
      if (!method.found || (!wordIs(method, "glob") && !wordIs(method, "globEager"))) return cursor;
      cursor = skipTrivia(method.end);
      if (at(cursor) != OPEN_PAREN) return cursor;
      cursor = skipTrivia(cursor + 1);
      std::vector<std::string> globs;
      if (at(cursor) == OPEN_BRACKET) {
        cursor = skipTrivia(cursor + 1);
        for (;;) {
          Literal literal;
          if (!readString(cursor, literal)) break;
          globs.push_back(std::move(literal.value));
          cursor = skipTrivia(literal.end);
          if (at(cursor) != COMMA) break;
          cursor = skipTrivia(cursor + 1);
        }
      } else {
        Literal literal;
        if (readString(cursor, literal)) globs.push_back(std::move(literal.value));
      }
      if (globs.empty()) unresolved.push_back({expressionAt(cursor), lineAt(cursor)});
      for (std::string &glob : globs) {
        if (!glob.empty() && glob[0] == '!') continue;
        imports.push_back({std::move(glob), KIND_GLOB, false, true, false, {}});
      }
      return cursor;
    }
    bool typeOnly = false;
    Word first = readWord(index);
    if (wordIs(first, "type")) {
      long after = skipTrivia(first.end);
      int code = at(after);
      Word following = readWord(after);
      if (code == OPEN_BRACE || code == STAR || (following.found && !wordIs(following, "from"))) {
        typeOnly = true;
        index = after;
      } else if (wordIs(following, "from")) {
        long afterFrom = skipTrivia(following.end);
        if (wordIs(readWord(afterFrom), "from")) {
          typeOnly = true;
          index = after;
        }
      }
    }
    std::vector<std::string> bindings;
    long namedCount = 0;
    long namedTypeCount = 0;
    bool hasDefaultOrNamespace = false;
    for (int steps = 0; steps < 64 && index < n; steps++) {
      int code = s[index];
      if (code == SINGLE_QUOTE || code == DOUBLE_QUOTE) {
        if (steps > 0) return index;
        Literal literal;
        if (!readString(index, literal)) return index + 1;
        imports.push_back({std::move(literal.value), KIND_IMPORT, false, false, true, {}});
        return literal.end;
      }
      if (code == OPEN_BRACE) {
        long close = find("}", 1, index);
        if (close == -1) return index;
        for (std::vector<std::string> &words : readNamedEntries(index + 1, close)) {
          if (words.empty()) continue;
          namedCount++;
          if (isNamedType(words))
            namedTypeCount++;
          else
            bindings.push_back(std::move(words.back()));
        }
        index = skipTrivia(close + 1);
        continue;
      }
      if (code == STAR || code == COMMA) {
        index = skipTrivia(index + 1);
        continue;
      }
      Word word = readWord(index);
      if (!word.found) return index;
      long after = skipTrivia(word.end);
      if (wordIs(word, "from") && (steps > 0 || typeOnly)) {
        Literal literal;
        if (!readString(after, literal)) return after;
        bool allNamedTypes = namedCount > 0 && namedTypeCount == namedCount && !hasDefaultOrNamespace;
        ImportRecord record{std::move(literal.value), KIND_IMPORT, typeOnly || allNamedTypes, false, true, {}};
        if (!(typeOnly || bindings.empty())) record.bindings = std::move(bindings);
        imports.push_back(std::move(record));
        return literal.end;
      }
      if (!wordIs(word, "as")) {
        hasDefaultOrNamespace = true;
        bindings.push_back(slice(word.start, word.end));
      }
      if (at(after) == EQUALS) return after;
      index = after;
    }
    return index;
  }

  long handleExport(long end) {
    long index = skipTrivia(end);
    bool typeOnly = false;
    Word first = readWord(index);
    if (wordIs(first, "type")) {
      long after = skipTrivia(first.end);
      int code = at(after);
      if (code != OPEN_BRACE && code != STAR) return end;
      typeOnly = true;
      index = after;
    }
    int code = at(index);
    long clauseEnd;
    bool allNamedTypes = false;
    if (code == STAR) {
      clauseEnd = skipTrivia(index + 1);
      Word as = readWord(clauseEnd);
      if (wordIs(as, "as")) {
        long nameStart = skipTrivia(as.end);
        Word name = readWord(nameStart);
        long nameEnd;
        if (name.found) {
          nameEnd = name.end;
        } else {
          Literal literal;
          if (!readString(nameStart, literal)) return end;
          nameEnd = literal.end;
        }
        clauseEnd = skipTrivia(nameEnd);
      }
    } else if (code == OPEN_BRACE) {
      long close = find("}", 1, index);
      if (close == -1) return end;
      std::vector<std::vector<std::string>> entries = readNamedEntries(index + 1, close);
      long count = 0;
      bool every = true;
      for (const std::vector<std::string> &words : entries) {
        if (words.empty()) continue;
        count++;
        if (!isNamedType(words)) every = false;
      }
      allNamedTypes = count > 0 && every;
      clauseEnd = skipTrivia(close + 1);
    } else {
      return end;
    }
    Word from = readWord(clauseEnd);
    if (!wordIs(from, "from")) return end;
    Literal literal;
    if (!readString(skipTrivia(from.end), literal)) return end;
    imports.push_back({std::move(literal.value), KIND_EXPORT, typeOnly || allNamedTypes, false, false, {}});
    return literal.end;
  }

  long handleRequire(long end) {
    long index = skipTrivia(end);
    if (at(index) == DOT) {
      Word method = readWord(skipTrivia(index + 1));
      if (!wordIs(method, "resolve")) return index;
      index = skipTrivia(method.end);
    }
    if (at(index) != OPEN_PAREN) return index;
    callArgument(index + 1, KIND_REQUIRE, false);
    return index + 1;
  }

  long handleCreateRequire(long end) {
    long index = skipTrivia(end);
    if (at(index) != OPEN_PAREN) return index;
    long close = find(")", 1, index);
    if (close == -1) return index + 1;
    long call = skipTrivia(close + 1);
    if (at(call) == OPEN_PAREN) callArgument(call + 1, KIND_REQUIRE, false);
    return index + 1;
  }

  /** `^\/\/\/\s*<reference\s+path\s*=\s*["']([^"']+)["']` on [start, end). */
  void handleReference(long start, long end) {
    auto spaceWithin = [&](long index) -> long { return index < end ? spaceAt(index) : 0; };
    auto spaces = [&](long index) -> long {
      for (long length = spaceWithin(index); length > 0; length = spaceWithin(index)) index += length;
      return index;
    };
    auto literal = [&](long index, const char *text) -> long {
      size_t length = strlen(text);
      if (index + long(length) > end || memcmp(s + index, text, length) != 0) return -1;
      return index + long(length);
    };
    long cursor = literal(start, "///");
    if (cursor < 0) return;
    cursor = literal(spaces(cursor), "<reference");
    if (cursor < 0) return;
    long afterSpaces = spaces(cursor);
    if (afterSpaces == cursor) return;
    cursor = literal(afterSpaces, "path");
    if (cursor < 0) return;
    cursor = literal(spaces(cursor), "=");
    if (cursor < 0) return;
    cursor = spaces(cursor);
    if (cursor >= end || (s[cursor] != '"' && s[cursor] != '\'')) return;
    long valueStart = cursor + 1;
    long valueEnd = valueStart;
    while (valueEnd < end && s[valueEnd] != '"' && s[valueEnd] != '\'') valueEnd++;
    if (valueEnd == valueStart || valueEnd >= end) return;
    imports.push_back({slice(valueStart, valueEnd), KIND_REFERENCE, true, false, false, {}});
  }

  long skipRegex(long offset) const {
    long index = offset + 1;
    bool inClass = false;
    while (index < n) {
      int code = s[index];
      if (code == BACKSLASH) {
        index += 2;
      } else if (code == LINE_FEED) {
        return offset + 1;
      } else if (code == OPEN_BRACKET) {
        inClass = true;
        index++;
      } else if (code == CLOSE_BRACKET) {
        inClass = false;
        index++;
      } else if (code == SLASH && !inClass) {
        index++;
        while (index < n && isIdentifierPart(s[index])) index++;
        return index;
      } else {
        index++;
      }
    }
    return offset + 1;
  }

  long skipTemplateBody(long offset) {
    long index = offset;
    while (index < n) {
      int code = s[index];
      if (code == BACKTICK) return index + 1;
      if (code == BACKSLASH) {
        index += 2;
      } else if (code == DOLLAR && at(index + 1) == OPEN_BRACE) {
        braceDepth++;
        templateDepths.push_back(braceDepth);
        return index + 2;
      } else {
        index++;
      }
    }
    problem(PROBLEM_TEMPLATE, offset);
    return n;
  }

  bool regexAllowedBefore(long offset) const {
    static const char *const keywords[] = {"return", "typeof", "instanceof", "in",    "of",
                                           "new",    "delete", "void",       "throw", "case",
                                           "do",     "else",   "yield",      "await", "extends"};
    long index = offset - 1;
    while (index >= 0) {
      int code = s[index];
      if (code == SPACE || code == LINE_FEED || code == TAB || code == CARRIAGE_RETURN)
        index--;
      else
        break;
    }
    if (index < 0 || index < lastCommentEnd) return true;
    int code = s[index];
    if (code == CLOSE_PAREN || code == CLOSE_BRACKET || code == SINGLE_QUOTE || code == DOUBLE_QUOTE ||
        code == BACKTICK)
      return false;
    if (!isIdentifierPart(code)) return true;
    long start = index;
    while (start > 0 && isIdentifierPart(s[start - 1])) start--;
    if (index - start >= 10) return false;
    for (const char *keyword : keywords)
      if (equals(start, index + 1, keyword)) return true;
    return false;
  }

  bool isPropertyAccess(long offset) const {
    long index = offset - 1;
    while (index >= 0) {
      int code = s[index];
      if (code == SPACE || code == LINE_FEED || code == TAB || code == CARRIAGE_RETURN)
        index--;
      else
        break;
    }
    if (index < lastCommentEnd) return false;
    return at(index) == DOT && at(index - 1) != DOT;
  }

  /** scan-file.ts countWord. */
  long countWord(const std::string &word, long limit) const {
    long count = 0;
    long index = find(word.data(), word.size(), 0);
    while (index != -1 && count < limit) {
      if (!isWordCharacter(at(index - 1)) && !isWordCharacter(at(index + long(word.size())))) count++;
      index = find(word.data(), word.size(), index + long(word.size()));
    }
    return count;
  }
};

// ---------------------------------------------------------------------------------------------
// Files

// ---------------------------------------------------------------------------------------------
// Relative specifiers: a port of create-resolver.ts `tryPath` for `./` and `../` imports, the ones
// that depend on the file list alone. Whatever needs more (a directory holding a package.json, a
// path above the root, nothing found, a pattern) is left to JavaScript (-1).

/** The repo's files (sorted, repo-relative) and what tryPath asks of them. */
struct RepoFiles {
  std::string joined;
  std::unordered_map<std::string_view, int32_t> indexOf;
  /** Directories that hold a file themselves ('' for the root). */
  std::unordered_set<std::string_view> directories;
  /** Directories holding a package.json: a directory import there goes through the manifest. */
  std::unordered_set<std::string_view> manifestDirectories;

  explicit RepoFiles(std::string list) : joined(std::move(list)) {
    std::string_view all(joined);
    size_t start = 0;
    int32_t index = 0;
    while (start <= all.size()) {
      size_t end = all.find('\0', start);
      if (end == std::string_view::npos) end = all.size();
      std::string_view file = all.substr(start, end - start);
      indexOf.emplace(file, index++);
      size_t slash = file.rfind('/');
      std::string_view directory = slash == std::string_view::npos ? std::string_view() : file.substr(0, slash);
      directories.insert(directory);
      if (file.substr(slash == std::string_view::npos ? 0 : slash + 1) == "package.json")
        manifestDirectories.insert(directory);
      start = end + 1;
    }
  }

  int32_t find(const std::string &path) const {
    auto found = indexOf.find(std::string_view(path));
    return found == indexOf.end() ? -1 : found->second;
  }
};

/** TypeScript's order, then JavaScript's (create-resolver.ts EXTENSIONS). */
const char *const EXTENSIONS[] = {".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js",
                                  ".jsx", ".mjs", ".cjs", ".json", ".vue", ".svelte"};

/** create-resolver.ts SOURCE_FOR_OUTPUT: what a `.js` (and the like) in a specifier may mean. */
std::vector<std::string> sourcesForOutput(const std::string &extension) {
  if (extension == ".js") return {".ts", ".tsx", ".d.ts", ".js", ".jsx"};
  if (extension == ".jsx") return {".tsx", ".jsx"};
  if (extension == ".mjs") return {".mts", ".d.mts", ".mjs"};
  if (extension == ".cjs") return {".cts", ".d.cts", ".cjs"};
  if (extension == ".d.ts") return {".ts", ".tsx", ".d.ts"};
  return {extension};
}

inline bool isCm(char c) { return c == 'c' || c == 'm'; }
inline bool isJt(char c) { return c == 'j' || c == 't'; }

/** The leftmost match of /(\.d\.ts|\.[cm]?[jt]sx?)$/ in `path`, or "". */
std::string codeExtension(const std::string &path) {
  size_t n = path.size();
  auto at = [&](size_t back) { return path[n - back]; };
  if (n >= 5 && path.compare(n - 5, 5, ".d.ts") == 0) return ".d.ts";
  if (n >= 5 && at(5) == '.' && isCm(at(4)) && isJt(at(3)) && at(2) == 's' && at(1) == 'x') return path.substr(n - 5);
  if (n >= 4 && at(4) == '.' &&
      ((isCm(at(3)) && isJt(at(2)) && at(1) == 's') || (isJt(at(3)) && at(2) == 's' && at(1) == 'x')))
    return path.substr(n - 4);
  if (n >= 3 && at(3) == '.' && isJt(at(2)) && at(1) == 's') return path.substr(n - 3);
  return "";
}

/**
 * `posix.normalize(posix.join(directory, specifier))` for a target inside the repo, as segments
 * joined by '/'; false when it names the root itself or lies above it (JavaScript decides those).
 */
bool joinInside(std::string_view directory, std::string_view specifier, std::string &out) {
  out.clear();
  std::vector<size_t> starts;
  auto add = [&](std::string_view text) -> bool {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('/', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view segment = text.substr(start, end - start);
      if (segment == "..") {
        if (starts.empty()) return false;
        out.resize(starts.back() == 0 ? 0 : starts.back() - 1);
        starts.pop_back();
      } else if (!segment.empty() && segment != ".") {
        if (!out.empty()) out += '/';
        starts.push_back(out.size());
        out.append(segment.data(), segment.size());
      }
      start = end + 1;
    }
    return true;
  };
  return add(directory) && add(specifier) && !out.empty();
}

/** The index of the file a relative specifier of `directory` resolves to, or -1 (see above). */
int32_t resolveRelative(const RepoFiles &repo, std::string_view directory, const std::string &raw,
                        std::string &path, std::string &candidate) {
  std::string_view specifier(raw);
  size_t query = specifier.find('?');
  if (query != std::string_view::npos) specifier = specifier.substr(0, query);
  bool relative = specifier.substr(0, 2) == "./" || specifier.substr(0, 3) == "../" || specifier == "." ||
                  specifier == "..";
  if (!relative || !joinInside(directory, specifier, path)) return -1;
  size_t slash = path.rfind('/');
  std::string_view parent = slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash);
  if (repo.directories.count(parent) != 0) {
    std::string extension = codeExtension(path);
    if (!extension.empty()) {
      for (const std::string &replacement : sourcesForOutput(extension)) {
        candidate.assign(path, 0, path.size() - extension.size());
        candidate += replacement;
        int32_t found = repo.find(candidate);
        if (found >= 0) return found;
      }
    }
    int32_t found = repo.find(path);
    if (found >= 0) return found;
    for (const char *added : EXTENSIONS) {
      candidate = path;
      candidate += added;
      found = repo.find(candidate);
      if (found >= 0) return found;
    }
  }
  if (repo.directories.count(std::string_view(path)) != 0) {
    if (repo.manifestDirectories.count(std::string_view(path)) != 0) return -1;
    for (const char *index : EXTENSIONS) {
      candidate = path;
      candidate += "/index";
      candidate += index;
      int32_t found = repo.find(candidate);
      if (found >= 0) return found;
    }
  }
  return -1;
}

/** The directory part of a repo-relative name, when the name is plain (no '.', '..' or empty segment). */
bool plainDirectory(const std::string &name, std::string_view &directory) {
  size_t slash = name.rfind('/');
  directory = slash == std::string::npos ? std::string_view() : std::string_view(name).substr(0, slash);
  if (name.empty() || name[0] == '/') return false;
  size_t start = 0;
  while (start < directory.size()) {
    size_t end = directory.find('/', start);
    if (end == std::string_view::npos) end = directory.size();
    std::string_view segment = directory.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

enum Status { STATUS_SKIPPED = 0, STATUS_SCANNED = 1, STATUS_BYTES = 2 };

/** What one file produced, serialized on the thread that read it. */
struct FileResult {
  int status = STATUS_SKIPPED;
  double size = 0;
  double mtimeSeconds = 0;
  double mtimeNanoseconds = 0;
  /** NUL-terminated strings: the hash, then the unresolved expressions. */
  std::string text;
  /** The specifiers of the imports, in order (numbered by takeScan). */
  std::vector<std::string> specifiers;
  std::vector<int32_t> numbers;
  /** The file's bytes, for JavaScript to scan (STATUS_BYTES). */
  std::string bytes;
};

// ---------------------------------------------------------------------------------------------
// Python: a port of src/parse/scan-python.ts, its regular expressions turned into loops that take
// the same matches (leftmost, alternatives in order, the backtracking each can do). It reads ASCII
// without carriage returns and NULs only; any other file goes to JavaScript, so JavaScript's
// Unicode \s, line terminators and UTF-16 offsets never come into it.

inline bool pyWord(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
/** JavaScript's \s on ASCII. */
inline bool pySpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool pyBlank(char c) { return c == ' ' || c == '\t'; }
inline bool pyPrefix(char c) {
  return c == 'r' || c == 'R' || c == 'b' || c == 'B' || c == 'u' || c == 'U' || c == 'f' || c == 'F';
}

/** String.prototype.trim on ASCII. */
std::string pyTrim(const std::string &text) {
  size_t begin = 0, end = text.size();
  while (begin < end && pySpace(text[begin])) begin++;
  while (end > begin && pySpace(text[end - 1])) end--;
  return text.substr(begin, end - begin);
}

/** `text.split(/\s+as\s+/)[0]`: up to the first whitespace run followed by `as` and whitespace. */
std::string pyBeforeAs(const std::string &text) {
  for (size_t index = 0; index < text.size(); index++) {
    if (!pySpace(text[index])) continue;
    size_t after = index;
    while (after < text.size() && pySpace(text[after])) after++;
    if (text.compare(after, 2, "as") == 0 && after + 2 < text.size() && pySpace(text[after + 2]))
      return text.substr(0, index);
    index = after - 1;
  }
  return text;
}

/** The end of the string literal whose quote is at `quote` (the alternatives of STRINGS_AND_COMMENTS), or npos. */
size_t pyStringEnd(const std::string &code, size_t quote) {
  char mark = code[quote];
  std::string triple(3, mark);
  if (code.compare(quote, 3, triple) == 0) {
    size_t close = code.find(triple, quote + 3);
    if (close != std::string::npos) return close + 3;
  }
  for (size_t index = quote + 1; index < code.size(); index++) {
    char c = code[index];
    if (c == mark) return index + 1;
    if (c == '\n') return std::string::npos;
    if (c == '\\') {
      if (index + 1 >= code.size() || code[index + 1] == '\n') return std::string::npos;
      index++;
    }
  }
  return std::string::npos;
}

/** `[ \t]+` then the `[^\n;]+` (or, for a `from` import, `\([^)]*\)` first) of IMPORT_STATEMENT. */
bool pyImportTail(const std::string &code, size_t at, bool parenthesized, std::string &group, size_t &end) {
  size_t spaces = 0;
  while (at + spaces < code.size() && pyBlank(code[at + spaces])) spaces++;
  if (spaces == 0) return false;
  size_t start = at + spaces;
  if (parenthesized && start < code.size() && code[start] == '(') {
    size_t close = code.find(')', start + 1);
    if (close != std::string::npos) {
      group = code.substr(start, close + 1 - start);
      end = close + 1;
      return true;
    }
  }
  size_t stop = start;
  while (stop < code.size() && code[stop] != '\n' && code[stop] != ';') stop++;
  if (stop > start) {
    group = code.substr(start, stop - start);
    end = stop;
    return true;
  }
  // Backtracking gives one blank back to the group, when the `[ \t]+` can spare it.
  if (spaces >= 2) {
    group = code.substr(start - 1, 1);
    end = start;
    return true;
  }
  return false;
}

/** IMPORT_STATEMENT after its `(?:^|;)`, from `at`: a `from` import (module set) or a plain one. */
bool pyImportAt(const std::string &code, size_t at, bool &isFrom, std::string &module, std::string &names,
                size_t &end) {
  size_t start = at;
  while (start < code.size() && pyBlank(code[start])) start++;
  if (code.compare(start, 4, "from") == 0) {
    size_t after = start + 4;
    size_t spaces = 0;
    while (after + spaces < code.size() && pyBlank(code[after + spaces])) spaces++;
    if (spaces >= 1) {
      size_t run = after + spaces;
      size_t runEnd = run;
      while (runEnd < code.size() && (pyWord(code[runEnd]) || code[runEnd] == '.')) runEnd++;
      size_t gap = 0;
      while (runEnd + gap < code.size() && pyBlank(code[runEnd + gap])) gap++;
      if (gap >= 1 && code.compare(runEnd + gap, 6, "import") == 0 &&
          pyImportTail(code, runEnd + gap + 6, true, names, end)) {
        isFrom = true;
        module = code.substr(run, runEnd - run);
        return true;
      }
      // The module group left empty, `import` right after the blanks (two or more of them).
      if (spaces >= 2 && code.compare(run, 6, "import") == 0 && pyImportTail(code, run + 6, true, names, end)) {
        isFrom = true;
        module.clear();
        return true;
      }
    }
  }
  if (code.compare(start, 6, "import") == 0 && pyImportTail(code, start + 6, false, names, end)) {
    isFrom = false;
    return true;
  }
  return false;
}

/** `text.split(separator)`. */
std::vector<std::string> splitOn(const std::string &text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(separator, start);
    if (end == std::string::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

/** /^\w+$/ (or /^[\w.]+$/ with `dots`). */
bool pyName(const std::string &text, bool dots) {
  if (text.empty()) return false;
  for (char c : text)
    if (!pyWord(c) && !(dots && c == '.')) return false;
  return true;
}

bool scanPythonBytes(const unsigned char *data, size_t length, std::vector<ImportRecord> &imports,
                     std::vector<Unresolved> &unresolved, std::vector<std::pair<int, long>> &problems) {
  for (size_t index = 0; index < length; index++)
    if (data[index] >= 0x80 || data[index] == '\r' || data[index] == 0) return false;
  const std::string source(reinterpret_cast<const char *>(data), length);
  std::string code = source;
  // Strings and comments blanked (line breaks kept), then `\` continuations.
  for (size_t at = 0; at < code.size();) {
    size_t end = std::string::npos;
    if (code[at] == '#') {
      end = code.find('\n', at);
      if (end == std::string::npos) end = code.size();
    } else {
      size_t prefix = 0;
      while (prefix < 2 && at + prefix < code.size() && pyPrefix(code[at + prefix])) prefix++;
      size_t quote = at + prefix;
      if (quote < code.size() && (code[quote] == '"' || code[quote] == '\'')) end = pyStringEnd(code, quote);
    }
    if (end == std::string::npos) {
      at++;
      continue;
    }
    for (size_t index = at; index < end; index++)
      if (code[index] != '\n') code[index] = ' ';
    at = end;
  }
  for (size_t index = 0; index + 1 < code.size(); index++) {
    if (code[index] == '\\' && code[index + 1] == '\n') {
      code[index] = ' ';
      code[index + 1] = ' ';
      index++;
    }
  }
  auto lineOf = [&](size_t offset) { return long(std::count(code.begin(), code.begin() + offset, '\n')) + 1; };

  // `if TYPE_CHECKING:` blocks: to the first non-blank line indented no deeper than the `if`.
  std::vector<std::pair<size_t, size_t>> typeOnlyRanges;
  for (size_t lineStart = 0;;) {
    size_t lineEnd = code.find('\n', lineStart);
    if (lineEnd == std::string::npos) lineEnd = code.size();
    size_t at = lineStart;
    while (at < lineEnd && pyBlank(code[at])) at++;
    size_t indent = at - lineStart;
    bool matched = false;
    if (code.compare(at, 2, "if") == 0) {
      size_t after = at + 2;
      size_t blanks = 0;
      while (after + blanks < lineEnd && pyBlank(code[after + blanks])) blanks++;
      if (blanks >= 1) {
        size_t name = after + blanks;
        if (code.compare(name, 7, "typing.") == 0 && code.compare(name + 7, 13, "TYPE_CHECKING") == 0) name += 7;
        if (code.compare(name, 13, "TYPE_CHECKING") == 0 && name + 13 <= lineEnd) {
          size_t rest = name + 13;
          while (rest < lineEnd && pyBlank(code[rest])) rest++;
          if (rest < lineEnd && code[rest] == ':') {
            rest++;
            while (rest < lineEnd && pyBlank(code[rest])) rest++;
            matched = rest == lineEnd;
          }
        }
      }
    }
    if (matched) {
      size_t end = code.size();
      for (size_t newline = code.find('\n', lineEnd); newline != std::string::npos;
           newline = code.find('\n', newline + 1)) {
        size_t first = newline + 1;
        while (first < code.size() && pyBlank(code[first])) first++;
        if (first < code.size() && !pySpace(code[first]) && first - (newline + 1) <= indent) {
          end = newline;
          break;
        }
      }
      typeOnlyRanges.emplace_back(lineEnd, end);
    }
    if (lineEnd == code.size()) break;
    lineStart = lineEnd + 1;
  }
  auto typeOnlyAt = [&](size_t offset) {
    for (const auto &range : typeOnlyRanges)
      if (offset >= range.first && offset < range.second) return true;
    return false;
  };

  for (size_t at = 0; at < code.size();) {
    bool lineStart = at == 0 || code[at - 1] == '\n';
    bool semicolon = code[at] == ';';
    bool isFrom = false;
    std::string module, names;
    size_t end = 0;
    bool matched = (lineStart && pyImportAt(code, at, isFrom, module, names, end)) ||
                   (semicolon && pyImportAt(code, at + 1, isFrom, module, names, end));
    if (!matched) {
      at++;
      continue;
    }
    bool typeOnly = typeOnlyAt(at);
    if (isFrom) {
      imports.push_back({module, KIND_IMPORT, typeOnly, false, false, {}});
      for (char &c : names)
        if (c == '(' || c == ')') c = ' ';
      for (const std::string &item : splitOn(names, ',')) {
        std::string name = pyTrim(pyBeforeAs(pyTrim(item)));
        if (pyName(name, false)) imports.push_back({module + ":" + name, KIND_IMPORT, typeOnly, false, false, {}});
      }
    } else {
      for (const std::string &item : splitOn(names, ',')) {
        std::string name = pyTrim(pyBeforeAs(pyTrim(item)));
        if (pyName(name, true)) imports.push_back({name, KIND_IMPORT, typeOnly, false, false, {}});
      }
    }
    at = end;
  }

  // importlib.import_module("x") / __import__("x"): found in the blanked code, read from the source.
  for (size_t at = 0; at < code.size();) {
    size_t name = 0;
    char first = code[at];
    if ((first == 'i' || first == '_') && (at == 0 || !pyWord(code[at - 1]))) {
      if (code.compare(at, 13, "import_module") == 0)
        name = 13;
      else if (code.compare(at, 10, "__import__") == 0)
        name = 10;
    }
    size_t open = at + name;
    while (name != 0 && open < code.size() && pySpace(code[open])) open++;
    if (name == 0 || open >= code.size() || code[open] != '(') {
      at++;
      continue;
    }
    size_t start = open + 1;
    size_t limit = std::min(source.size(), start + 300);
    size_t cursor = start;
    while (cursor < limit && pySpace(source[cursor])) cursor++;
    bool literal = false;
    if (cursor < limit && (source[cursor] == '\'' || source[cursor] == '"')) {
      char mark = source[cursor];
      size_t runStart = cursor + 1;
      size_t runEnd = runStart;
      while (runEnd < limit && (pyWord(source[runEnd]) || source[runEnd] == '.')) runEnd++;
      if (runEnd > runStart && runEnd < limit && source[runEnd] == mark) {
        size_t after = runEnd + 1;
        while (after < limit && pySpace(source[after])) after++;
        if (after < limit && (source[after] == ',' || source[after] == ')')) {
          imports.push_back({source.substr(runStart, runEnd - runStart), KIND_DYNAMIC, false, false, false, {}});
          literal = true;
        }
      }
    }
    if (!literal) {
      std::string expression = pyTrim(source.substr(start, std::min(source.size(), start + 80) - start));
      size_t cut = expression.find_first_of(")\n");
      if (cut != std::string::npos) expression.resize(cut);
      unresolved.push_back({pyTrim(expression), lineOf(start)});
    }
    at = start;
  }
  // An unterminated triple-quoted string is left unblanked: report it.
  size_t stray = std::min(code.find("\"\"\""), code.find("'''"));
  if (stray != std::string::npos) problems.emplace_back(0, lineOf(stray));
  return true;
}

bool endsWith(const std::string &text, const char *suffix) {
  size_t length = strlen(suffix);
  return text.size() >= length && text.compare(text.size() - length, length, suffix) == 0;
}

/**
 * Which scanner scanFile picks for `path`: 0 for one this file does not port (.vue, .svelte),
 * 3 for scanPython (.py), 2 for scanImports as TypeScript (/\.(?:[cm]?tsx?)$/), 1 for scanImports
 * as JavaScript.
 */
int scriptKind(const std::string &path) {
  if (endsWith(path, ".py")) return 3;
  if (endsWith(path, ".vue") || endsWith(path, ".svelte")) return 0;
  for (const char *suffix : {".ts", ".tsx", ".cts", ".ctsx", ".mts", ".mtsx"})
    if (endsWith(path, suffix)) return 2;
  return 1;
}

/**
 * Scans a file of script kind `kind` (1-3) into `result`'s numbers and strings; false when
 * JavaScript must scan it instead.
 */
bool appendScan(const unsigned char *data, long length, int kind, const RepoFiles *repo, const std::string &name,
                FileResult &result) {
  std::vector<ImportRecord> imports;
  std::vector<Unresolved> unresolved;
  std::vector<std::pair<int, long>> problems;
  std::vector<bool> valueUsed;
  if (kind == 3) {
    if (!scanPythonBytes(data, size_t(length), imports, unresolved, problems)) return false;
    valueUsed.assign(imports.size(), true);
  } else {
    Scanner scanner(data, length);
    scanner.run();
    if (scanner.fallback) return false;
    for (const ImportRecord &record : scanner.imports) valueUsed.push_back(scanner.valueUsed(record, kind == 2));
    imports = std::move(scanner.imports);
    unresolved = std::move(scanner.unresolved);
    problems = std::move(scanner.problems);
  }
  auto addString = [&](const std::string &value) -> bool {
    if (value.find('\0') != std::string::npos) return false;
    result.text += value;
    result.text += '\0';
    return true;
  };
  // Python's relative imports are the resolver's (dots, not paths).
  std::string_view directory;
  bool resolvable = kind != 3 && repo != nullptr && plainDirectory(name, directory);
  thread_local std::string path, candidate;
  std::vector<int32_t> &numbers = result.numbers;
  numbers.push_back(int32_t(imports.size()));
  // Per import: flags, the index (in the repo's file list) of the file a relative specifier
  // resolves to or -1, and the specifier's number in the job's table of distinct specifiers (a
  // repo repeats a few thousand specifiers tens of thousands of times). Bindings stay here:
  // valueUsed is all JavaScript needs of them.
  for (size_t index = 0; index < imports.size(); index++) {
    ImportRecord &record = imports[index];
    int32_t flags = record.kind | (record.typeOnly ? 8 : 0) | (record.pattern ? 16 : 0) | (valueUsed[index] ? 64 : 0);
    numbers.push_back(flags);
    numbers.push_back(resolvable && !record.pattern
                          ? resolveRelative(*repo, directory, record.specifier, path, candidate)
                          : -1);
    numbers.push_back(-1);  // the specifier's number in the job's table, given out by takeScan
    if (record.specifier.find('\0') != std::string::npos) return false;
    result.specifiers.push_back(std::move(record.specifier));
  }
  numbers.push_back(int32_t(unresolved.size()));
  for (const Unresolved &item : unresolved) {
    numbers.push_back(int32_t(item.line));
    if (!addString(item.expression)) return false;
  }
  numbers.push_back(int32_t(problems.size()));
  for (const auto &problem : problems) {
    numbers.push_back(problem.first);
    numbers.push_back(int32_t(problem.second));
  }
  return true;
}

/** Reads the whole file as read-and-scan.ts readWhole: until a read leaves the buffer short. */
bool readWhole(int descriptor, size_t size, std::vector<unsigned char> &buffer, size_t &length) {
  if (buffer.size() < size + 1) buffer.resize(std::max(size + 1, buffer.size() * 2));
  length = 0;
  for (;;) {
    ssize_t count = read(descriptor, buffer.data() + length, buffer.size() - length);
    if (count < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    length += size_t(count);
    if (count == 0 || length < buffer.size()) return true;
    buffer.resize(buffer.size() * 2);
  }
}

void processFile(int rootDescriptor, const RepoFiles *repo, const std::string &path, const std::string &name,
                 std::vector<unsigned char> &buffer, FileResult &result) {
  // Relative to the root's descriptor: the kernel walks only the repo-relative part of each path.
  if (path.empty()) return;
  int descriptor = openat(rootDescriptor, path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (descriptor < 0) return;
  struct stat status;
  size_t length = 0;
  bool ok = fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode) &&
            readWhole(descriptor, size_t(status.st_size), buffer, length);
  close(descriptor);
  if (!ok) return;
  result.size = double(status.st_size);
  result.mtimeSeconds = double(status.st_mtim.tv_sec);
  result.mtimeNanoseconds = double(status.st_mtim.tv_nsec);
  appendContentHash(buffer.data(), length, result.text);
  result.text += '\0';
  int kind = scriptKind(name);
  if (kind != 0 && isValidUtf8(buffer.data(), length)) {
    size_t textLength = result.text.size();
    // A byte order mark is not code (scan-file.ts drops it too, as TypeScript does).
    size_t skip = length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
    bool scanned = false;
    try {
      scanned = appendScan(buffer.data() + skip, long(length - skip), kind, repo, name, result);
    } catch (...) {
      // Nothing in the scanners should throw; if one ever does (an index out of range, memory),
      // JavaScript scans the file instead of the exception ending the process from this thread.
      scanned = false;
    }
    if (scanned) {
      result.status = STATUS_SCANNED;
      return;
    }
    result.text.resize(textLength);
    result.numbers.clear();
    result.specifiers.clear();
  }
  result.status = STATUS_BYTES;
  result.bytes.assign(reinterpret_cast<const char *>(buffer.data()), length);
}

// ---------------------------------------------------------------------------------------------
// Node-API

/** Bumped with every change to what startScan/takeScan return. */
constexpr int32_t OUTPUT_FORMAT = 9;

/** Files a thread claims at a time. */
constexpr size_t CHUNK = 8;
/** Below this many files the calling thread reads them itself: a thread start costs more. */
constexpr size_t THREADED_MINIMUM = 64;

/**
 * One list of files being read on native threads. The threads claim chunks in list order, so the
 * results complete front to back and JavaScript can take (and resolve) a prefix while they go on.
 */
struct Job {
  std::vector<std::string> paths;
  std::vector<std::string> names;
  std::vector<FileResult> results;
  std::unique_ptr<std::atomic<bool>[]> done;
  std::atomic<size_t> next{0};
  std::atomic<bool> cancelled{false};
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::thread> threads;
  /** The repo's file list, when relative specifiers are to be resolved here. */
  std::unique_ptr<RepoFiles> repo;
  /** The repo root, opened once (O_PATH); -1 when it cannot be, and every file is then skipped. */
  int rootDescriptor = -1;
  /** Files handed to JavaScript so far (the calling thread only). */
  size_t taken = 0;
  /** Distinct specifiers numbered in the order takeScan met them (the calling thread only). */
  std::unordered_map<std::string, int32_t> specifierNumbers;

  void work() {
    std::vector<unsigned char> buffer(1 << 20);
    for (;;) {
      size_t start = next.fetch_add(CHUNK);
      if (start >= paths.size()) return;
      size_t end = std::min(start + CHUNK, paths.size());
      for (size_t index = start; index < end; index++) {
        if (!cancelled.load(std::memory_order_relaxed) && rootDescriptor >= 0)
          processFile(rootDescriptor, repo.get(), paths[index], names[index], buffer, results[index]);
        done[index].store(true, std::memory_order_release);
      }
      // Taking the lock orders this chunk's flags before a waiter's next look at them.
      { std::lock_guard<std::mutex> lock(mutex); }
      changed.notify_all();
    }
  }

  void join() {
    for (std::thread &thread : threads)
      if (thread.joinable()) thread.join();
    threads.clear();
  }

  ~Job() {
    cancelled = true;
    join();
    if (rootDescriptor >= 0) close(rootDescriptor);
  }
};

napi_value throwError(napi_env env, const char *message) {
  napi_throw_error(env, nullptr, message);
  return nullptr;
}

bool readString(napi_env env, napi_value value, std::string &out) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return false;
  out.resize(length + 1);
  if (napi_get_value_string_utf8(env, value, &out[0], length + 1, &length) != napi_ok) return false;
  out.resize(length);
  return true;
}

void deleteJob(napi_env, void *data, void *) { delete static_cast<Job *>(data); }

/**
 * startScan(root: string, paths: string, names: string, threads: number, repoFiles?: string) -> job.
 * `paths` are the paths to open (relative to `root`, or absolute) and `names` the repo-relative
 * ones (which pick the scanner), each list joined with NUL; an empty path is skipped. With
 * `repoFiles` (every file of the repo, NUL-joined) relative specifiers are resolved here too. With
 * 64 files or more, `threads` native threads start reading at once.
 */
napi_value StartScan(napi_env env, napi_callback_info info) {
  size_t argumentCount = 5;
  napi_value arguments[5];
  if (napi_get_cb_info(env, info, &argumentCount, arguments, nullptr, nullptr) != napi_ok || argumentCount < 4)
    return throwError(env, "startScan(root, paths, names, threads, repoFiles?): four arguments expected");
  std::string root, joinedPaths, joinedNames, repoFiles;
  int32_t requestedThreads = 2;
  if (!readString(env, arguments[0], root) || !readString(env, arguments[1], joinedPaths) ||
      !readString(env, arguments[2], joinedNames) ||
      napi_get_value_int32(env, arguments[3], &requestedThreads) != napi_ok)
    return throwError(env, "startScan(root, paths, names, threads): three strings and a number expected");
  napi_valuetype repoType = napi_undefined;
  if (argumentCount >= 5 && napi_typeof(env, arguments[4], &repoType) != napi_ok)
    return throwError(env, "startScan: unreadable repoFiles");
  if (repoType == napi_string && !readString(env, arguments[4], repoFiles))
    return throwError(env, "startScan: unreadable repoFiles");
  auto job = std::make_unique<Job>();
  if (repoType == napi_string) job->repo = std::make_unique<RepoFiles>(std::move(repoFiles));
  if (root.find('\0') == std::string::npos)
    job->rootDescriptor = open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (!joinedPaths.empty() || !joinedNames.empty()) {
    job->paths = splitOn(joinedPaths, '\0');
    job->names = splitOn(joinedNames, '\0');
  }
  if (job->paths.size() != job->names.size()) return throwError(env, "startScan: as many paths as names expected");
  size_t count = job->paths.size();
  job->results.resize(count);
  job->done.reset(new std::atomic<bool>[count]);
  for (size_t index = 0; index < count; index++) job->done[index].store(false);
  if (count >= THREADED_MINIMUM) {
    size_t threadCount = size_t(std::max(1, std::min(4, int(requestedThreads))));
    Job *raw = job.get();
    try {
      for (size_t index = 0; index < threadCount; index++) job->threads.emplace_back([raw]() { raw->work(); });
    } catch (...) {
      // No more threads (resource limits): those that started, or takeScan itself, read the rest.
    }
  }
  napi_value external;
  if (napi_create_external(env, job.get(), deleteJob, nullptr, &external) != napi_ok)
    return throwError(env, "startScan: could not create the job");
  job.release();
  return external;
}

/**
 * takeScan(job, end: number) -> { text, specifiers, numbers, doubles, buffers } for the files from the last
 * take up to `end`, waiting for the threads to finish them (or reading them here when no thread runs).
 */
napi_value TakeScan(napi_env env, napi_callback_info info) {
  size_t argumentCount = 2;
  napi_value arguments[2];
  void *data = nullptr;
  int64_t requestedEnd = 0;
  if (napi_get_cb_info(env, info, &argumentCount, arguments, nullptr, nullptr) != napi_ok || argumentCount < 2 ||
      napi_get_value_external(env, arguments[0], &data) != napi_ok ||
      napi_get_value_int64(env, arguments[1], &requestedEnd) != napi_ok)
    return throwError(env, "takeScan(job, end): a job and a number expected");
  Job &job = *static_cast<Job *>(data);
  size_t begin = job.taken;
  size_t end = size_t(std::max<int64_t>(int64_t(begin), std::min<int64_t>(requestedEnd, int64_t(job.paths.size()))));
  if (job.threads.empty()) {
    job.work();
  } else {
    std::unique_lock<std::mutex> lock(job.mutex);
    size_t cursor = begin;
    job.changed.wait(lock, [&]() {
      while (cursor < end && job.done[cursor].load(std::memory_order_acquire)) cursor++;
      return cursor == end;
    });
  }
  if (end == job.paths.size()) job.join();
  job.taken = end;

  size_t textLength = 0, numberCount = 0, doubleCount = 0, bufferCount = 0;
  for (size_t index = begin; index < end; index++) {
    const FileResult &result = job.results[index];
    numberCount += 1 + result.numbers.size();
    if (result.status == STATUS_SKIPPED) continue;
    textLength += result.text.size();
    doubleCount += 3;
    if (result.status == STATUS_BYTES) bufferCount++;
  }
  std::string text;
  text.reserve(textLength);
  for (size_t index = begin; index < end; index++) text += job.results[index].text;
  // Specifiers met for the first time, NUL-terminated, in the order of their new numbers.
  std::string specifiers;
  for (size_t index = begin; index < end; index++) {
    FileResult &result = job.results[index];
    for (size_t record = 0; record < result.specifiers.size(); record++) {
      std::string &specifier = result.specifiers[record];
      auto found = job.specifierNumbers.find(specifier);
      int32_t number;
      if (found == job.specifierNumbers.end()) {
        number = int32_t(job.specifierNumbers.size());
        specifiers += specifier;
        specifiers += '\0';
        job.specifierNumbers.emplace(std::move(specifier), number);
      } else {
        number = found->second;
      }
      // numbers: the import count, then (flags, target, number) per import.
      result.numbers[1 + 3 * record + 2] = number;
    }
  }

  napi_value output, textValue, specifiersValue, numbersValue, doublesValue, buffersValue, numbersBuffer, doublesBuffer;
  void *numbersData = nullptr;
  void *doublesData = nullptr;
  if (napi_create_object(env, &output) != napi_ok ||
      napi_create_string_utf8(env, text.data(), text.size(), &textValue) != napi_ok ||
      napi_create_string_utf8(env, specifiers.data(), specifiers.size(), &specifiersValue) != napi_ok ||
      napi_create_arraybuffer(env, numberCount * sizeof(int32_t), &numbersData, &numbersBuffer) != napi_ok ||
      napi_create_arraybuffer(env, doubleCount * sizeof(double), &doublesData, &doublesBuffer) != napi_ok ||
      napi_create_array_with_length(env, bufferCount, &buffersValue) != napi_ok)
    return throwError(env, "takeScan: out of memory");
  int32_t *numbers = static_cast<int32_t *>(numbersData);
  double *doubles = static_cast<double *>(doublesData);
  uint32_t bufferIndex = 0;
  for (size_t index = begin; index < end; index++) {
    FileResult &result = job.results[index];
    *numbers++ = result.status;
    if (result.status != STATUS_SKIPPED) {
      if (!result.numbers.empty()) memcpy(numbers, result.numbers.data(), result.numbers.size() * sizeof(int32_t));
      numbers += result.numbers.size();
      *doubles++ = result.size;
      *doubles++ = result.mtimeSeconds;
      *doubles++ = result.mtimeNanoseconds;
      if (result.status == STATUS_BYTES) {
        napi_value buffer;
        void *copy = nullptr;
        if (napi_create_buffer_copy(env, result.bytes.size(), result.bytes.data(), &copy, &buffer) != napi_ok ||
            napi_set_element(env, buffersValue, bufferIndex++, buffer) != napi_ok)
          return throwError(env, "takeScan: out of memory");
      }
    }
    result = FileResult();  // handed over: its memory goes now, not with the job
  }
  if (napi_create_typedarray(env, napi_int32_array, numberCount, numbersBuffer, 0, &numbersValue) != napi_ok ||
      napi_create_typedarray(env, napi_float64_array, doubleCount, doublesBuffer, 0, &doublesValue) != napi_ok ||
      napi_set_named_property(env, output, "text", textValue) != napi_ok ||
      napi_set_named_property(env, output, "specifiers", specifiersValue) != napi_ok ||
      napi_set_named_property(env, output, "numbers", numbersValue) != napi_ok ||
      napi_set_named_property(env, output, "doubles", doublesValue) != napi_ok ||
      napi_set_named_property(env, output, "buffers", buffersValue) != napi_ok)
    return throwError(env, "takeScan: could not build the result");
  return output;
}

/**
 * statFiles(root: string, paths: string, threads: number) -> Float64Array of size, mtime seconds
 * and mtime nanoseconds per path (NUL-joined, relative to `root` or absolute), -1 for each of a
 * path that is not a regular file (or cannot be stat-ed). What a warm build asks of every file the
 * cache knows, on native threads instead of one `statSync` at a time.
 */
napi_value StatFiles(napi_env env, napi_callback_info info) {
  size_t argumentCount = 3;
  napi_value arguments[3];
  std::string root, joinedPaths;
  int32_t requestedThreads = 2;
  if (napi_get_cb_info(env, info, &argumentCount, arguments, nullptr, nullptr) != napi_ok || argumentCount < 3 ||
      !readString(env, arguments[0], root) || !readString(env, arguments[1], joinedPaths) ||
      napi_get_value_int32(env, arguments[2], &requestedThreads) != napi_ok)
    return throwError(env, "statFiles(root, paths, threads): two strings and a number expected");
  std::vector<std::string> paths;
  if (!joinedPaths.empty()) paths = splitOn(joinedPaths, '\0');
  size_t count = paths.size();
  napi_value buffer, result;
  void *data = nullptr;
  if (napi_create_arraybuffer(env, count * 3 * sizeof(double), &data, &buffer) != napi_ok)
    return throwError(env, "statFiles: out of memory");
  double *out = static_cast<double *>(data);
  int rootDescriptor = root.find('\0') == std::string::npos ? open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
  auto work = [&](size_t begin, size_t end) {
    for (size_t index = begin; index < end; index++) {
      struct stat status;
      bool ok = rootDescriptor >= 0 && !paths[index].empty() &&
                fstatat(rootDescriptor, paths[index].c_str(), &status, 0) == 0 && S_ISREG(status.st_mode);
      out[index * 3] = ok ? double(status.st_size) : -1;
      out[index * 3 + 1] = ok ? double(status.st_mtim.tv_sec) : -1;
      out[index * 3 + 2] = ok ? double(status.st_mtim.tv_nsec) : -1;
    }
  };
  size_t threadCount = count >= THREADED_MINIMUM ? size_t(std::max(1, std::min(4, int(requestedThreads)))) : 1;
  std::vector<std::thread> threads;
  size_t share = (count + threadCount - 1) / threadCount;
  try {
    for (size_t thread = 1; thread < threadCount; thread++)
      threads.emplace_back(work, std::min(count, thread * share), std::min(count, (thread + 1) * share));
  } catch (...) {
    // No more threads: this one stats what they would have.
    for (size_t thread = threads.size() + 1; thread < threadCount; thread++)
      work(std::min(count, thread * share), std::min(count, (thread + 1) * share));
  }
  work(0, std::min(count, share));
  for (std::thread &thread : threads) thread.join();
  if (rootDescriptor >= 0) close(rootDescriptor);
  if (napi_create_typedarray(env, napi_float64_array, count * 3, buffer, 0, &result) != napi_ok)
    return throwError(env, "statFiles: could not build the result");
  return result;
}

/** contentHash(buffer) -> hex: the hash a scan records, for the tests to hold to content-hash.ts. */
napi_value ContentHash(napi_env env, napi_callback_info info) {
  size_t argumentCount = 1;
  napi_value argument;
  void *data = nullptr;
  size_t length = 0;
  if (napi_get_cb_info(env, info, &argumentCount, &argument, nullptr, nullptr) != napi_ok || argumentCount < 1 ||
      napi_get_buffer_info(env, argument, &data, &length) != napi_ok)
    return throwError(env, "contentHash(buffer): a Buffer expected");
  std::string hash;
  appendContentHash(static_cast<const unsigned char *>(data), length, hash);
  napi_value result;
  if (napi_create_string_utf8(env, hash.data(), hash.size(), &result) != napi_ok) return nullptr;
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value start, take, hash, stat, format;
  // The output layout native-scan.ts decodes; it ignores an addon built for another.
  if (napi_create_function(env, "startScan", NAPI_AUTO_LENGTH, StartScan, nullptr, &start) != napi_ok ||
      napi_set_named_property(env, exports, "startScan", start) != napi_ok ||
      napi_create_function(env, "takeScan", NAPI_AUTO_LENGTH, TakeScan, nullptr, &take) != napi_ok ||
      napi_set_named_property(env, exports, "takeScan", take) != napi_ok ||
      napi_create_function(env, "contentHash", NAPI_AUTO_LENGTH, ContentHash, nullptr, &hash) != napi_ok ||
      napi_create_function(env, "statFiles", NAPI_AUTO_LENGTH, StatFiles, nullptr, &stat) != napi_ok ||
      napi_set_named_property(env, exports, "statFiles", stat) != napi_ok ||
      napi_set_named_property(env, exports, "contentHash", hash) != napi_ok ||
      napi_create_int32(env, OUTPUT_FORMAT, &format) != napi_ok ||
      napi_set_named_property(env, exports, "format", format) != napi_ok)
    return nullptr;
  return exports;
}
