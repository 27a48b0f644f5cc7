#include "core/json_reader.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "core/canonical_json.h"
#include "core/utf8.h"

namespace chainsim {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A float literal (the JSON number grammar, with a fraction or an exponent)
// as Python's float() reads it: correctly rounded, and beyond a double's
// range an infinity (1e400) or a zero (1e-400), with the literal's sign.
double FloatFromLiteral(std::string_view token) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec == std::errc()) return value;
  // Out of range: the magnitude is either beyond the largest double or below
  // half the smallest subnormal, far apart, so the decimal exponent of the
  // first significant digit tells which.
  const bool negative = token.front() == '-';
  std::size_t i = negative ? 1 : 0;
  std::int64_t point = 0;  // digits before the decimal point
  std::int64_t first_significant = -1;
  std::int64_t position = 0;
  for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
    if (token[i] == '.') {
      point = position;
      continue;
    }
    if (token[i] != '0' && first_significant < 0) first_significant = position;
    ++position;
  }
  if (token.find('.') == std::string_view::npos) point = position;
  std::int64_t exponent = 0;
  if (i < token.size()) {
    ++i;  // 'e'
    const bool exponent_negative = token[i] == '-';
    if (token[i] == '-' || token[i] == '+') ++i;
    for (; i < token.size(); ++i) {
      if (exponent < std::int64_t{1} << 40) exponent = exponent * 10 + (token[i] - '0');
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (first_significant < 0) return negative ? -0.0 : 0.0;  // not reached: zeros are in range
  // The value is 0.d... x 10^magnitude, d the first significant digit.
  const std::int64_t magnitude = point - first_significant + exponent;
  const double result = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return negative ? -result : result;
}

}  // namespace

JsonReader::JsonReader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool JsonReader::FailAt(std::size_t offset, std::string_view message) {
  if (failed_) return false;
  failed_ = true;
  const TextPosition where = PositionOf(text_, offset);
  error_.message = "line " + std::to_string(where.line) + ", column " +
                   std::to_string(where.column) + ": " + std::string(message);
  return false;
}

bool JsonReader::Fail(std::string_view message) { return FailAt(pos_, message); }

void JsonReader::SkipWhitespace() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
    ++pos_;
  }
}

char JsonReader::Peek() {
  SkipWhitespace();
  return pos_ < text_.size() ? text_[pos_] : '\0';
}

bool JsonReader::Consume(char c) {
  if (failed_ || Peek() != c || pos_ >= text_.size()) return false;
  ++pos_;
  return true;
}

bool JsonReader::Expect(char c, std::string_view what) {
  if (failed_) return false;
  if (Consume(c)) return true;
  return Fail(pos_ < text_.size()
                  ? "Expecting " + std::string(what)
                  : "Expecting " + std::string(what) + ", found the end of the text");
}

bool JsonReader::ExpectEnd() {
  if (failed_) return false;
  SkipWhitespace();
  return pos_ == text_.size() || Fail("Extra data after the JSON value");
}

bool JsonReader::EnterContainer(std::size_t depth) {
  if (failed_) return false;
  if (depth <= kMaxJsonDepth) return true;
  return Fail("nesting deeper than " + std::to_string(kMaxJsonDepth) +
              " levels of arrays and objects (chainsim's limit, see docs/robustness.md)");
}

bool JsonReader::ReadHex4(std::size_t at, unsigned& unit) {
  if (at + 4 > text_.size()) return false;
  unit = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int digit = HexValue(text_[at + k]);
    if (digit < 0) return false;
    unit = unit * 16 + static_cast<unsigned>(digit);
  }
  return true;
}

bool JsonReader::ReadEscape(std::string& out) {
  // text_[pos_] is the backslash.
  if (pos_ + 1 >= text_.size()) return Fail("Unterminated string");
  const char kind = text_[pos_ + 1];
  const char* simple = nullptr;
  switch (kind) {
    case '"':
      simple = "\"";
      break;
    case '\\':
      simple = "\\";
      break;
    case '/':
      simple = "/";
      break;
    case 'b':
      simple = "\b";
      break;
    case 'f':
      simple = "\f";
      break;
    case 'n':
      simple = "\n";
      break;
    case 'r':
      simple = "\r";
      break;
    case 't':
      simple = "\t";
      break;
    case 'u':
      break;
    default:
      return Fail("Invalid \\escape");
  }
  if (simple != nullptr) {
    out += *simple;
    pos_ += 2;
    return true;
  }
  unsigned unit = 0;
  if (!ReadHex4(pos_ + 2, unit)) return Fail("Invalid \\uXXXX escape");
  pos_ += 6;
  // A high surrogate escape followed by a low one is one code point, as
  // Python reads it; any other surrogate stays a lone surrogate.
  if (unit >= 0xD800 && unit <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
    unsigned low = 0;
    if (!ReadHex4(pos_ + 2, low)) return Fail("Invalid \\uXXXX escape");
    if (low >= 0xDC00 && low <= 0xDFFF) {
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      pos_ += 6;
    }
  }
  AppendCodePoint(unit, out);
  return true;
}

bool JsonReader::ReadString(std::string& out) {
  if (failed_) return false;
  if (Peek() != '"') return Fail("Expecting a string");
  const std::size_t start = pos_++;
  out.clear();
  const std::size_t n = text_.size();
  for (;;) {
    std::size_t run = pos_;
    while (run < n) {
      const auto c = static_cast<unsigned char>(text_[run]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++run;
    }
    out.append(text_.data() + pos_, run - pos_);
    pos_ = run;
    if (pos_ >= n) return FailAt(start, "Unterminated string starting here");
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c == '\\') {
      if (!ReadEscape(out)) return false;
      continue;
    }
    if (c < 0x20) return Fail("Invalid control character in a string");
    const std::size_t length = Utf8SequenceLength(text_, pos_);
    if (length == 0) return Fail("invalid UTF-8 in a string");
    out.append(text_.data() + pos_, length);
    pos_ += length;
  }
}

bool JsonReader::ReadLiteral(std::string_view word, Json value, Json& out) {
  if (text_.substr(pos_, word.size()) != word) return Fail("Expecting value");
  pos_ += word.size();
  out = std::move(value);
  return true;
}

bool JsonReader::ScanNumber(NumberToken& number) {
  // The grammar of Python's json scanner: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
  // A '.' or an exponent without digits after it ends the number before it.
  const std::size_t start = pos_;
  const std::size_t n = text_.size();
  std::size_t i = pos_;
  if (text_[i] == '-') ++i;
  if (i >= n || !IsDigit(text_[i])) return Fail("Expecting value");
  if (text_[i] == '0') {
    ++i;
  } else {
    while (i < n && IsDigit(text_[i])) ++i;
  }
  number.integer_digits = i - start - (text_[start] == '-' ? 1 : 0);
  number.is_float = false;
  if (i + 1 < n && text_[i] == '.' && IsDigit(text_[i + 1])) {
    number.is_float = true;
    i += 2;
    while (i < n && IsDigit(text_[i])) ++i;
  }
  if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
    std::size_t k = i + 1;
    if (k < n && (text_[k] == '+' || text_[k] == '-')) ++k;
    if (k < n && IsDigit(text_[k])) {
      while (k < n && IsDigit(text_[k])) ++k;
      number.is_float = true;
      i = k;
    }
  }
  if (!number.is_float && number.integer_digits > kMaxIntegerDigits) {
    return Fail("an integer of " + std::to_string(number.integer_digits) +
                " digits (Python's int() refuses more than " + std::to_string(kMaxIntegerDigits) +
                ")");
  }
  number.text = text_.substr(start, i - start);
  pos_ = i;
  return true;
}

bool JsonReader::ReadNumber(Json& out) {
  NumberToken number;
  if (!ScanNumber(number)) return false;
  out = number.is_float ? Json(FloatFromLiteral(number.text)) : IntegerFromDecimal(number.text);
  return true;
}

std::size_t JsonReader::SimpleStringEnd() const {
  // pos_ is at an opening quote.
  for (std::size_t end = pos_ + 1; end < text_.size(); ++end) {
    const auto byte = static_cast<unsigned char>(text_[end]);
    if (byte == '"') return end;
    if (byte == '\\' || byte < 0x20 || byte >= 0x7F) break;
  }
  return std::string_view::npos;
}

bool JsonReader::ReadScalar(Json& out) {
  switch (Peek()) {
    case '"': {
      std::string text;
      if (!ReadString(text)) return false;
      out = std::move(text);
      return true;
    }
    case 't':
      return ReadLiteral("true", true, out);
    case 'f':
      return ReadLiteral("false", false, out);
    case 'n':
      return ReadLiteral("null", nullptr, out);
    case 'N':
      return ReadLiteral("NaN", std::numeric_limits<double>::quiet_NaN(), out);
    case 'I':
      return ReadLiteral("Infinity", std::numeric_limits<double>::infinity(), out);
    case '-':
      if (text_.substr(pos_, 9) == "-Infinity") {
        return ReadLiteral("-Infinity", -std::numeric_limits<double>::infinity(), out);
      }
      return ReadNumber(out);
    default:
      if (pos_ < text_.size() && IsDigit(text_[pos_])) return ReadNumber(out);
      return Fail(pos_ < text_.size() ? "Expecting value"
                                      : "Expecting value, found the end of the text");
  }
}

bool JsonReader::ReadMemberKey(std::string& key) {
  if (failed_) return false;
  if (Peek() != '"') return Fail("Expecting property name enclosed in double quotes");
  return ReadString(key) && Expect(':', "':' delimiter");
}

bool JsonReader::ReadValue(Json& out, std::size_t depth) {
  if (failed_) return false;
  // The arrays and objects being read, innermost last; for an object, the
  // key of the member whose value comes next.
  struct Open {
    Json container;
    std::string key;
  };
  std::vector<Open> open;
  Json value;
  for (;;) {
    const char c = Peek();
    if (c == '[' || c == '{') {
      if (!EnterContainer(depth + open.size() + 1)) return false;
      ++pos_;
      const bool is_array = c == '[';
      Open next{is_array ? Json::array() : Json::object(), {}};
      if (Consume(is_array ? ']' : '}')) {
        value = std::move(next.container);
      } else {
        if (!is_array && !ReadMemberKey(next.key)) return false;
        open.push_back(std::move(next));
        continue;
      }
    } else if (!ReadScalar(value)) {
      return false;
    }
    // `value` is complete: add it to the containers it closes.
    for (;;) {
      if (open.empty()) {
        out = std::move(value);
        return true;
      }
      Open& top = open.back();
      const bool is_array = top.container.is_array();
      if (is_array) {
        top.container.get_ref<Json::array_t&>().push_back(std::move(value));
      } else {
        top.container.get_ref<Json::object_t&>().insert_or_assign(std::move(top.key),
                                                                  std::move(value));
      }
      if (Consume(',')) {
        if (!is_array && !ReadMemberKey(top.key)) return false;
        break;
      }
      if (!Expect(is_array ? ']' : '}',
                  is_array ? "',' delimiter or ']'" : "',' delimiter or '}'")) {
        return false;
      }
      value = std::move(top.container);
      open.pop_back();
    }
  }
}

}  // namespace chainsim

namespace chainsim {

JsonReader::CopyOutcome JsonReader::CopySortedCanonical(std::string& out, std::size_t depth) {
  // The ReadValue loop, writing as it reads. Separators and brackets are
  // written as canonical JSON has them; an object's members are written in
  // the order read, which is the canonical order as long as each key is
  // greater than the one before it.
  copy_frames_.clear();
  previous_keys_.clear();
  const auto read_key = [this, &out](CopyFrame& frame) {
    // Printable ASCII without escapes is its own decoded and canonical form.
    const std::size_t simple_end = Peek() == '"' ? SimpleStringEnd() : std::string_view::npos;
    std::string_view key;
    if (simple_end != std::string_view::npos) {
      key = text_.substr(pos_ + 1, simple_end - pos_ - 1);
      pos_ = simple_end + 1;
      if (!Expect(':', "':' delimiter")) return CopyOutcome::kFailed;
    } else {
      if (!ReadMemberKey(scratch_)) return CopyOutcome::kFailed;
      key = scratch_;
    }
    const std::string_view previous = std::string_view{previous_keys_}.substr(frame.key_begin);
    if (frame.has_key && key <= previous) return CopyOutcome::kUnsorted;
    previous_keys_.resize(frame.key_begin);
    previous_keys_ += key;
    frame.has_key = true;
    if (simple_end != std::string_view::npos) {
      out += '"';
      out += key;
      out += "\": ";
    } else {
      AppendJsonString(key, out);
      out += ": ";
    }
    return CopyOutcome::kDone;
  };
  Json scalar;
  for (;;) {
    const char c = Peek();
    if (c == '[' || c == '{') {
      if (!EnterContainer(depth + copy_frames_.size() + 1)) return CopyOutcome::kFailed;
      ++pos_;
      const bool is_array = c == '[';
      out += c;
      if (Consume(is_array ? ']' : '}')) {
        out += is_array ? ']' : '}';
      } else {
        copy_frames_.push_back({is_array, false, previous_keys_.size()});
        if (!is_array) {
          if (const CopyOutcome key = read_key(copy_frames_.back()); key != CopyOutcome::kDone) {
            return key;
          }
        }
        continue;
      }
    } else if (c == '"') {
      // Printable ASCII without escapes is its own canonical form.
      if (const std::size_t end = SimpleStringEnd(); end != std::string_view::npos) {
        out.append(text_, pos_, end + 1 - pos_);
        pos_ = end + 1;
      } else {
        if (!ReadString(scratch_)) return CopyOutcome::kFailed;
        AppendJsonString(scratch_, out);
      }
    } else if (IsDigit(c) || (c == '-' && text_.substr(pos_, 9) != "-Infinity")) {
      // An integer literal is its own canonical form, but for -0.
      NumberToken number;
      if (!ScanNumber(number)) return CopyOutcome::kFailed;
      if (number.is_float) {
        AppendPythonFloat(FloatFromLiteral(number.text), out);
      } else {
        out += number.text == "-0" ? "0" : number.text;
      }
    } else {
      if (!ReadScalar(scalar)) return CopyOutcome::kFailed;
      AppendJson(scalar, JsonStyle::kCanonical, out);
    }
    // A value is complete: close the containers it completes.
    for (;;) {
      if (copy_frames_.empty()) return CopyOutcome::kDone;
      CopyFrame& top = copy_frames_.back();
      if (Consume(',')) {
        out += ", ";
        if (!top.is_array) {
          if (const CopyOutcome key = read_key(top); key != CopyOutcome::kDone) return key;
        }
        break;
      }
      if (!Expect(top.is_array ? ']' : '}',
                  top.is_array ? "',' delimiter or ']'" : "',' delimiter or '}'")) {
        return CopyOutcome::kFailed;
      }
      out += top.is_array ? ']' : '}';
      previous_keys_.resize(top.key_begin);
      copy_frames_.pop_back();
    }
  }
}

bool JsonReader::ReadCanonicalJson(std::string& out, std::size_t depth) {
  if (failed_) return false;
  const std::size_t start = pos_;
  const std::size_t written = out.size();
  switch (CopySortedCanonical(out, depth)) {
    case CopyOutcome::kDone:
      return true;
    case CopyOutcome::kFailed:
      return false;
    case CopyOutcome::kUnsorted:
      break;
  }
  // Keys out of order or given twice: read the value again into a tree,
  // which sorts them and keeps the last value of a repeated key.
  pos_ = start;
  out.resize(written);
  Json value;
  if (!ReadValue(value, depth)) return false;
  AppendJson(value, JsonStyle::kCanonical, out);
  return true;
}

}  // namespace chainsim
