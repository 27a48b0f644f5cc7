#include "core/node_address.h"

#include <algorithm>
#include <cctype>

namespace chainsim {
namespace {

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

bool IsAllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<std::string> ParseNodeAddress(std::string_view address) {
  std::string_view rest = Trim(address);

  // Scheme: a letter, then letters, digits, '+', '-', '.', up to ':'.
  if (const std::size_t colon = rest.find(':');
      colon != std::string_view::npos && colon > 0 &&
      std::isalpha(static_cast<unsigned char>(rest[0])) != 0 &&
      std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(colon), IsSchemeChar)) {
    const std::string_view after = rest.substr(colon + 1);
    const std::string_view port = after.substr(0, after.find_first_of("/?#"));
    if (!IsAllDigits(port)) rest = after;  // a real scheme; "host:5000" keeps its host
  }

  std::string_view netloc;
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    const std::size_t end = rest.find_first_of("/?#");
    netloc = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  const std::string_view path = rest.substr(0, rest.find_first_of("?#"));

  if (!netloc.empty()) return std::string(netloc);
  if (!path.empty()) return std::string(path);
  return Error{"Invalid URL: '" + std::string(address) + "' names no host"};
}

}  // namespace chainsim
