#include "apps/http/node_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "core/valid_chain.h"

namespace chainsim::http {
namespace {

constexpr const char* kStateFile = "state.json";

std::string ErrnoText() { return std::strerror(errno); }

// Writes all of `data` to `fd`.
bool WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

Json StateToJson(const NodeState& state) {
  Json document = Json::object();
  document["chain"] = ChainToJson(state.chain);
  document["length"] = state.chain.size();
  document["node_id"] = state.node_id;
  document["nodes"] = state.nodes;
  document["pending_transactions"] = state.pending_transactions;
  return document;
}

Result<NodeState> StateFromJson(const Json& document) {
  if (!document.is_object()) return Error{"expected a JSON object"};
  NodeState state;
  Result<Chain> chain = ChainFromJson(document);
  if (!chain) return chain.error();
  if (chain->empty()) return Error{"'chain' is empty"};
  state.chain = std::move(chain).value();

  const auto node_id = document.find("node_id");
  if (node_id == document.end() || !node_id->is_string() ||
      node_id->get_ref<const std::string&>().empty()) {
    return Error{"'node_id' must be a non-empty string"};
  }
  state.node_id = node_id->get<std::string>();

  const auto nodes = document.find("nodes");
  if (nodes == document.end() || !nodes->is_array()) return Error{"'nodes' must be a list"};
  for (const Json& node : *nodes) {
    if (!node.is_string()) return Error{"'nodes' must hold strings only"};
    state.nodes.push_back(node.get<std::string>());
  }

  const auto pending = document.find("pending_transactions");
  if (pending == document.end() || !pending->is_array()) {
    return Error{"'pending_transactions' must be a list"};
  }
  state.pending_transactions = *pending;
  return state;
}

NodeStore::NodeStore(std::string dir) : dir_(std::move(dir)) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error) throw StoreError(dir_ + ": cannot create the data directory: " + error.message());
  if (!std::filesystem::is_directory(dir_)) throw StoreError(dir_ + ": not a directory");
  file_ = (std::filesystem::path(dir_) / kStateFile).string();
  const std::string lock_path = (std::filesystem::path(dir_) / "lock").string();
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw StoreError(lock_path + ": cannot open: " + ErrnoText());
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw StoreError(dir_ + ": data directory is in use by another chainsim node");
  }
}

NodeStore::~NodeStore() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::optional<NodeState> NodeStore::Load(const ChainRules& rules) const {
  std::error_code error;
  if (!std::filesystem::exists(file_, error)) {
    if (error) throw StoreError(file_ + ": cannot read: " + error.message());
    return std::nullopt;
  }
  std::ifstream in(file_, std::ios::binary);
  if (!in) throw StoreError(file_ + ": cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw StoreError(file_ + ": read error");

  Result<Json> document = ParseJson(text.str());
  if (!document) throw StoreError(file_ + ": " + document.error().message);
  Result<NodeState> state = StateFromJson(*document);
  if (!state) throw StoreError(file_ + ": " + state.error().message);
  const ChainVerdict verdict = CheckChain(state->chain, rules);
  if (!verdict.valid) {
    throw StoreError(file_ + ": the saved chain is not valid at difficulty " +
                     std::to_string(rules.difficulty) + ": block at position " +
                     std::to_string(verdict.failed_position) + ": " + verdict.reason);
  }
  return std::move(state).value();
}

Result<void> NodeStore::Save(const NodeState& state) const {
  const std::string text = ToJson(StateToJson(state), JsonStyle::kCompact) + "\n";
  const std::string temp = file_ + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error{temp + ": cannot create: " + ErrnoText()};
  if (!WriteAll(fd, text) || ::fsync(fd) != 0) {
    const std::string why = ErrnoText();
    ::close(fd);
    ::unlink(temp.c_str());
    return Error{temp + ": cannot write: " + why};
  }
  if (::close(fd) != 0) {
    const std::string why = ErrnoText();
    ::unlink(temp.c_str());
    return Error{temp + ": cannot write: " + why};
  }
  if (::rename(temp.c_str(), file_.c_str()) != 0) {
    const std::string why = ErrnoText();
    ::unlink(temp.c_str());
    return Error{file_ + ": cannot replace: " + why};
  }
  if (!FsyncPath(dir_, O_RDONLY | O_DIRECTORY)) {
    return Error{dir_ + ": cannot sync: " + ErrnoText()};
  }
  return {};
}

}  // namespace chainsim::http
