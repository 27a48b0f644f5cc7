#include "apps/http/http_message.h"

#include <algorithm>
#include <cctype>

#include "core/canonical_json.h"

namespace chainsim::http {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (EqualsIgnoringCase(field, name)) return value;
  }
  return {};
}

std::string_view HttpRequest::Path() const {
  const std::string_view whole = target;
  return whole.substr(0, whole.find('?'));
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::make_shared<const std::string>(std::move(body));
  return response;
}

HttpResponse JsonResponse(int status, const Json& body) {
  return JsonResponse(status, ToJson(body, JsonStyle::kCompact) + "\n");
}

HttpResponse ErrorResponse(int status, std::string_view message) {
  return JsonResponse(status, Json{{"error", message}});
}

}  // namespace chainsim::http
