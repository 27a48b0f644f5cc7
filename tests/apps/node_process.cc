#include "tests/apps/node_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace chainsim::http::testing {
namespace {

using Clock = std::chrono::steady_clock;

Reply FromResult(const httplib::Result& result) {
  Reply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = result->body;
  reply.content_type = result->get_header_value("Content-Type");
  Result<Json> parsed = ParseJson(reply.body);
  if (parsed) reply.json = std::move(parsed).value();
  return reply;
}

httplib::Client MakeClient(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(10));
  client.set_read_timeout(std::chrono::seconds(10));
  client.set_write_timeout(std::chrono::seconds(10));
  return client;
}

// fork + exec of CHAINSIM_BINARY; stdout to `stdout_fd`, stderr to
// `stderr_fd` (both -1 for /dev/null).
pid_t Spawn(const std::vector<std::string>& args, int stdout_fd, int stderr_fd) {
  const char* other = std::getenv("CHAINSIM_TEST_NODE_BINARY");
  std::vector<std::string> argv_strings{other != nullptr && *other != '\0' ? other
                                                                           : CHAINSIM_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(stdout_fd >= 0 ? stdout_fd : null_fd, STDOUT_FILENO);
    dup2(stderr_fd >= 0 ? stderr_fd : null_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `limit` for `pid`; returns its exit code, or -1 after SIGKILL.
int WaitFor(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  int status = 0;
  while (Clock::now() < deadline) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

Reply Get(int port, const std::string& path) { return FromResult(MakeClient(port).Get(path)); }

Reply Post(int port, const std::string& path, const std::string& body,
           const std::string& content_type) {
  return FromResult(MakeClient(port).Post(path, body, content_type));
}

Reply PostJson(int port, const std::string& path, const Json& body) {
  return Post(port, path, body.dump());
}

std::string MakeTempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "chainsim-http-test-XXXXXX").string();
  const char* made = mkdtemp(pattern.data());
  return made == nullptr ? std::string() : std::string(made);
}

NodeProcess::NodeProcess(std::vector<std::string> extra_args) {
  std::vector<std::string> args{"node", "--host", "127.0.0.1", "--port", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return;
  char log_template[] = "/tmp/chainsim-node-log-XXXXXX";
  const int log_fd = mkstemp(log_template);
  log_path_ = log_template;
  pid_ = Spawn(args, out[1], log_fd);
  close(out[1]);
  if (log_fd >= 0) close(log_fd);

  // Read the first line: "chainsim node <id> listening on http://127.0.0.1:<port> ...".
  std::string line;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
    pollfd poll_fd{out[0], POLLIN, 0};
    if (poll(&poll_fd, 1, 100) <= 0) continue;
    char buffer[256];
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    line.append(buffer, static_cast<std::size_t>(n));
  }
  close(out[0]);
  const std::string marker = "listening on http://127.0.0.1:";
  const std::size_t at = line.find(marker);
  if (at != std::string::npos) port_ = std::atoi(line.c_str() + at + marker.size());
}

NodeProcess::~NodeProcess() {
  Stop();
  if (!log_path_.empty()) std::filesystem::remove(log_path_);
}

int NodeProcess::Stop() { return Terminate(std::chrono::seconds(3)).code; }

NodeProcess::Exit NodeProcess::Terminate(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return {};
  const auto start = Clock::now();
  kill(pid_, SIGTERM);
  Exit exit;
  exit.code = WaitFor(pid_, limit);
  exit.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  pid_ = -1;
  const std::string log = output();
  for (const char* report :
       {"ThreadSanitizer", "AddressSanitizer", "LeakSanitizer", "runtime error:"}) {
    if (log.find(report) != std::string::npos) {
      ADD_FAILURE() << "the node reported a sanitizer error:\n" << log;
      break;
    }
  }
  return exit;
}

std::string NodeProcess::output() const {
  std::ifstream in(log_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunChainsim(const std::vector<std::string>& args, std::string* stderr_text) {
  char log_template[] = "/tmp/chainsim-run-log-XXXXXX";
  const int log_fd = mkstemp(log_template);
  const pid_t pid = Spawn(args, -1, log_fd);
  if (log_fd >= 0) close(log_fd);
  const int code = WaitFor(pid, std::chrono::seconds(10));
  if (stderr_text != nullptr) {
    std::ifstream in(log_template);
    std::ostringstream text;
    text << in.rdbuf();
    *stderr_text = text.str();
  }
  std::filesystem::remove(log_template);
  return code;
}

}  // namespace chainsim::http::testing
