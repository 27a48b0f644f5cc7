#pragma once
// JsonReader: a pull parser over JSON text, with Python's json.loads rules.
//
// ParseJson (core/json.h) reads a whole document with it; ParseChain
// (core/chain_json.h) walks a /chain body key by key and reads each block's
// values straight into the block, without a tree of the whole document.
// Rules and limits are those of ParseJson. The reader never throws and never
// recurses: nested values are read with an explicit stack, bounded by
// kMaxJsonDepth.
//
// Errors: the first failure is kept (failed(), error()) and every later call
// returns false at once, so a caller may check only at the end of a step.
// Thread safety: none; one owner at a time. The text must outlive the reader.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace chainsim {

class JsonReader {
 public:
  // Skips a leading UTF-8 byte order mark, as Python's json.loads(bytes) does.
  explicit JsonReader(std::string_view text);

  // Skips whitespace (space, tab, newline, carriage return) and returns the
  // next byte without consuming it, or '\0' at the end of the text.
  char Peek();
  // Skips whitespace; consumes `c` and returns true when it comes next.
  bool Consume(char c);
  // Skips whitespace and consumes `c`, or fails with "Expecting <what>".
  bool Expect(char c, std::string_view what);
  // Skips whitespace and reads a string literal into `out` (UTF-8).
  bool ReadString(std::string& out);
  // Skips whitespace and reads an object member's key and the ':' after it.
  bool ReadMemberKey(std::string& key);
  // Skips whitespace and reads one value of any type into `out`. `depth` is
  // the number of arrays and objects already open around it.
  bool ReadValue(Json& out, std::size_t depth);
  // Reads one value as ReadValue does and appends its canonical JSON
  // (ToJson(value), core/canonical_json.h) to `out`. Without building a
  // tree when every object in the value has its keys in sorted order, each
  // once (as Flask and chainsim write them); otherwise the value is read
  // again into a tree and that is written: the same bytes and the same
  // errors either way, and time linear in the value's size.
  bool ReadCanonicalJson(std::string& out, std::size_t depth);
  // Fails unless `depth` more levels of nesting are allowed; call before
  // reading into a container the caller opens itself (`depth` counts it).
  bool EnterContainer(std::size_t depth);
  // Skips trailing whitespace and fails unless the text ends here.
  bool ExpectEnd();

  bool failed() const { return failed_; }
  // "line L, column C: what went wrong". REQUIRES: failed().
  const Error& error() const { return error_; }
  // Records an error at the current position (the first error wins).
  // Returns false, for `return reader.Fail(...)`.
  bool Fail(std::string_view message);

 private:
  bool FailAt(std::size_t offset, std::string_view message);
  void SkipWhitespace();
  bool ReadScalar(Json& out);
  // A number's text as the grammar delimits it; REQUIRES: at '-' or a digit.
  struct NumberToken {
    std::string_view text;
    std::size_t integer_digits = 0;  // digits before any fraction or exponent
    bool is_float = false;           // has a fraction or an exponent
  };
  bool ScanNumber(NumberToken& number);
  bool ReadNumber(Json& out);
  // The position of the closing quote of the string at pos_ when it holds
  // only printable ASCII without escapes, else npos.
  std::size_t SimpleStringEnd() const;
  bool ReadLiteral(std::string_view word, Json value, Json& out);
  bool ReadEscape(std::string& out);
  bool ReadHex4(std::size_t at, unsigned& unit);
  enum class CopyOutcome { kDone, kFailed, kUnsorted };
  CopyOutcome CopySortedCanonical(std::string& out, std::size_t depth);

  std::string_view text_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  Error error_;
  // Scratch space of ReadCanonicalJson, kept between calls so that reading
  // many values allocates nothing once it has grown.
  std::string scratch_;
  std::string previous_keys_;
  struct CopyFrame {
    bool is_array = false;
    bool has_key = false;       // an object whose first key was read
    std::size_t key_begin = 0;  // its last key in previous_keys_
  };
  std::vector<CopyFrame> copy_frames_;
};

}  // namespace chainsim
