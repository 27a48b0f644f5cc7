#pragma once
// Test helper: a real `chainsim node` child process on a free loopback port,
// and a small JSON client for it.
//
// The node is started with --port 0 and the port it prints is read back, so
// tests never race for ports. The child gets SIGKILL if the test process
// dies (PR_SET_PDEATHSIG), and the destructor stops it (SIGTERM, then
// SIGKILL after 3 s), so no node outlives a failing test. A sanitizer report
// in the node's output (a ThreadSanitizer build, ctest label "tsan") fails
// the test that ran it.
//
// The program run is CHAINSIM_BINARY, or the one named by the environment
// variable CHAINSIM_TEST_NODE_BINARY: that is how the regression tests are
// checked against an older build (docs/http-node.md, "Tests").

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace chainsim::http::testing {

// One HTTP exchange, with the body parsed when it is JSON.
struct Reply {
  int status = 0;  // 0 when the request failed (no connection, timeout)
  std::string body;
  std::string content_type;
  Json json;  // null unless the body parsed as JSON
};

// GET / POST to http://127.0.0.1:<port><path> (10 s timeouts).
Reply Get(int port, const std::string& path);
Reply Post(int port, const std::string& path, const std::string& body,
           const std::string& content_type = "application/json");
Reply PostJson(int port, const std::string& path, const Json& body);

class NodeProcess {
 public:
  // Starts CHAINSIM_BINARY node --host 127.0.0.1 --port 0 with `extra_args`
  // and waits (up to 10 s) until it prints its port. On failure port() is 0
  // and output() says why.
  explicit NodeProcess(std::vector<std::string> extra_args = {});
  ~NodeProcess();
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Stops the node with SIGTERM and returns its exit status (or -1).
  int Stop();

  // Sends SIGTERM and waits up to `limit` for the node to exit: its exit
  // code (-1 if it had to be killed) and how long it took.
  struct Exit {
    int code = -1;
    std::chrono::milliseconds took{0};
  };
  Exit Terminate(std::chrono::milliseconds limit);
  // What the node printed on stderr so far (its request log and errors).
  std::string output() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

// Runs CHAINSIM_BINARY with `args` to completion (10 s limit) and returns
// its exit code (-1 if it had to be killed); stderr goes to `stderr_text`.
int RunChainsim(const std::vector<std::string>& args, std::string* stderr_text);

// A fresh empty directory under /tmp; removed by the caller.
std::string MakeTempDir();

}  // namespace chainsim::http::testing
