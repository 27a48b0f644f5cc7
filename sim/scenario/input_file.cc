#include "sim/scenario/input_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_limits.h"

namespace chainsim::sim {

std::string ReadInputFile(const std::string& path, const std::string& expected) {
  const std::string suffix = " (expected " + expected + ")";
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ScenarioError(path + ": is a directory" + suffix);
  }
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             std::fclose);
  if (file == nullptr) throw ScenarioError(path + ": cannot open the file" + suffix);
  std::string text;
  std::vector<char> buffer(std::size_t{1} << 16);
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (text.size() + n > kMaxScenarioFileBytes) {
      std::string message = path + ": the file is larger than ";
      message += std::to_string(kMaxScenarioFileBytes) + " bytes" + suffix;
      throw ScenarioError(message);
    }
    text.append(buffer.data(), n);
    if (n < buffer.size()) break;
  }
  if (std::ferror(file.get()) != 0) {
    throw ScenarioError(path + ": read error (" + std::strerror(errno) + ")" + suffix);
  }
  return text;
}

}  // namespace chainsim::sim
