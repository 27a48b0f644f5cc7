#include "apps/cli/node_command.h"

#include <openssl/rand.h>
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <thread>

#include "apps/http/node_options.h"
#include "apps/http/node_server.h"
#include "apps/http/node_service.h"
#include "apps/http/node_store.h"
#include "core/node_id.h"
#include "sim/scenario/scenario_limits.h"

namespace chainsim::cli {
namespace {

// Durations are given in seconds on the command line.
struct NodeCommandOptions {
  http::NodeOptions node;
  std::string variant = "tutorial";
  std::string fork_choice = "longest";
  double connect_timeout_s = 2.0;
  double read_timeout_s = 5.0;
  double peer_timeout_s = 10.0;
  double resolve_timeout_s = 30.0;
  double idle_timeout_s = 5.0;
  double request_timeout_s = 10.0;
  double write_timeout_s = 30.0;
};

// A uuid4 node id from OpenSSL's random generator, as the reference's
// str(uuid4()).replace('-', '').
std::string RandomNodeId() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw UsageError("cannot get random bytes from OpenSSL");
  }
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    high = (high << 8) | bytes[i];
    low = (low << 8) | bytes[8 + i];
  }
  return NodeIdFromBits(high, low);
}

// time.time(): seconds since the epoch from the real clock.
double WallClockSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::chrono::milliseconds Milliseconds(double seconds, const char* what) {
  if (!(seconds > 0.0) || seconds > 3600.0) {
    throw UsageError(std::string(what) + " must be in (0, 3600] seconds");
  }
  return std::chrono::milliseconds(std::max(1LL, std::llround(seconds * 1000.0)));
}

// Lets the process open max_connections sockets plus a margin for peers,
// files and the listening socket: raises the soft limit on open files up to
// the hard one, and lowers max_connections (saying so) if that is not enough.
void FitConnectionsToFileLimit(http::ServerOptions& server) {
  constexpr rlim_t kMargin = 128;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(server.max_connections) + kMargin;
  if (limit.rlim_cur < wanted && limit.rlim_cur != RLIM_INFINITY) {
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    const std::size_t fitted =
        limit.rlim_cur > 2 * kMargin ? static_cast<std::size_t>(limit.rlim_cur - kMargin) : 64;
    std::cerr << "chainsim node: --max-connections lowered from " << server.max_connections
              << " to " << fitted << " (open file limit " << limit.rlim_cur << ")\n";
    server.max_connections = fitted;
  }
}

int RunNode(NodeCommandOptions options) {
  http::NodeOptions& node = options.node;
  node.rules.proof_variant = ParseProofVariant(options.variant).value();
  node.rules.fork_choice = ParseForkChoice(options.fork_choice).value();
  node.peers.connect_timeout = Milliseconds(options.connect_timeout_s, "--peer-connect-timeout");
  node.peers.read_timeout = Milliseconds(options.read_timeout_s, "--peer-read-timeout");
  node.peers.peer_timeout = Milliseconds(options.peer_timeout_s, "--peer-timeout");
  node.peers.resolve_timeout = Milliseconds(options.resolve_timeout_s, "--resolve-timeout");
  node.server.idle_timeout = Milliseconds(options.idle_timeout_s, "--idle-timeout");
  node.server.request_timeout = Milliseconds(options.request_timeout_s, "--request-timeout");
  node.server.write_timeout = Milliseconds(options.write_timeout_s, "--write-timeout");
  if (node.peers.reply_memory_budget < node.peers.max_response_bytes) {
    throw UsageError("--peer-memory-budget (" + std::to_string(node.peers.reply_memory_budget) +
                     ") must be at least --peer-max-reply-bytes (" +
                     std::to_string(node.peers.max_response_bytes) + ")");
  }
  FitConnectionsToFileLimit(node.server);

  // A closed standard output or error (e.g. a pipe whose reader went away)
  // must not end the node: writes to it fail instead of raising SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);

  // SIGINT and SIGTERM are handled by one thread with sigwait; block them
  // before any other thread starts so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<http::NodeService> service;
  try {
    std::unique_ptr<http::NodeStore> store;
    if (!node.data_dir.empty()) store = std::make_unique<http::NodeStore>(node.data_dir);
    service =
        http::NodeService::Open(node.rules, std::move(store), RandomNodeId(), WallClockSeconds);
  } catch (const http::StoreError& e) {
    throw UsageError(e.what());
  }

  service->set_mining_threads(node.mining_threads);
  service->set_requeue_lost_transactions(node.requeue_lost_transactions);
  http::NodeServer server(*service, node);
  int port = 0;
  try {
    port = server.Bind();
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }

  std::jthread signal_waiter([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.Stop();
  });
  std::cout << "chainsim node " << service->node_id() << " listening on http://" << node.host << ":"
            << port << " (difficulty " << node.rules.difficulty << ", "
            << (node.rules.retarget.every > 0
                    ? "retargeted every " + std::to_string(node.rules.retarget.every) + " blocks, "
                    : std::string())
            << (node.data_dir.empty() ? std::string("state in memory")
                                      : "data dir " + node.data_dir)
            << ")" << std::endl;
  server.Run();
  // If Run returned on its own, wake the waiter so it can be joined (the
  // signal is blocked everywhere, so sigwait consumes it; nothing is killed).
  // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread): SIGTERM is blocked and sigwait'ed.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  std::cout << "chainsim node stopped" << std::endl;
  return kExitOk;
}

}  // namespace

void AddNodeCommand(CLI::App& app, Dispatch& dispatch) {
  auto options = std::make_shared<NodeCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "node", "Run a real node serving the tutorial's REST API (GET /mine, /chain, ...)");
  http::NodeOptions& node = options->node;
  cmd->add_option("--host", node.host, "address to listen on")->capture_default_str();
  cmd->add_option("--port", node.port, "TCP port (0: any free port, printed at start)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--difficulty", node.rules.difficulty,
                  "leading hex zeros of a proof, 0 to 8 as in scenario files (at 9 one /mine "
                  "takes about an hour)")
      ->check(CLI::Range(0, sim::kMaxSimDifficulty))
      ->capture_default_str();
  cmd->add_option("--data-dir", node.data_dir,
                  "keep chain, pending transactions, node id and peers in DIR/state.json");
  cmd->add_option("--variant", options->variant, "proof variant: tutorial or article")
      ->check(CLI::IsMember({"tutorial", "article"}))
      ->capture_default_str();
  cmd->add_option("--fork-choice", options->fork_choice, "resolve rule: longest or most-work")
      ->check(CLI::IsMember({"longest", "most-work"}))
      ->capture_default_str();
  AddRetargetOptions(*cmd, node.rules.retarget);
  cmd->add_option("--mining-threads", node.mining_threads,
                  "threads searching for proofs in /mine (0: every core)")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_flag("--requeue-lost-transactions", node.requeue_lost_transactions,
                "when resolve discards blocks of ours, put their transactions back in the "
                "pending list (off: the reference loses them)");

  // Limits on clients (docs/http-node.md has them all in one table).
  http::ServerOptions& server = node.server;
  cmd->add_option("--max-request-bytes", server.max_request_bytes,
                  "largest request body accepted, sized or chunked (larger: 413)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--max-header-bytes", server.max_header_bytes,
                  "largest request line plus headers (larger: 431)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", options->idle_timeout_s,
                  "seconds a connection may stay open without starting a request")
      ->capture_default_str();
  cmd->add_option("--request-timeout", options->request_timeout_s,
                  "seconds to receive a whole request once it started")
      ->capture_default_str();
  cmd->add_option("--write-timeout", options->write_timeout_s, "seconds to send a whole response")
      ->capture_default_str();
  cmd->add_option("--max-connections", server.max_connections,
                  "open client connections at most (at the limit the longest-waiting idle one "
                  "is closed)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  cmd->add_option("--listen-backlog", server.listen_backlog,
                  "connections the kernel queues before they are accepted")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  cmd->add_option("--threads", server.worker_threads,
                  "worker threads answering quick requests (/chain, /nodes, POSTs)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->capture_default_str();
  cmd->add_option("--long-request-threads", server.long_request_threads,
                  "worker threads answering /mine and /nodes/resolve")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->capture_default_str();

  // Limits on peers during resolve.
  http::PeerClientOptions& peers = node.peers;
  cmd->add_option("--peer-connect-timeout", options->connect_timeout_s,
                  "seconds to look up and connect to a peer during resolve")
      ->capture_default_str();
  cmd->add_option("--peer-read-timeout", options->read_timeout_s,
                  "seconds a peer may pause while sending its reply")
      ->capture_default_str();
  cmd->add_option("--peer-timeout", options->peer_timeout_s,
                  "seconds for one peer's whole exchange, however slowly it answers")
      ->capture_default_str();
  cmd->add_option("--resolve-timeout", options->resolve_timeout_s,
                  "seconds for fetching every peer's chain in one resolve")
      ->capture_default_str();
  cmd->add_option("--peer-max-reply-bytes", peers.max_response_bytes,
                  "largest /chain reply body accepted from a peer (larger: bad_response)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 32))
      ->capture_default_str();
  cmd->add_option("--peer-memory-budget", peers.reply_memory_budget,
                  "bytes all peer replies may hold at once, received and parsed")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 40))
      ->capture_default_str();
  cmd->add_option("--peer-parallel-fetches", peers.max_parallel_fetches,
                  "peers fetched at the same time during one resolve")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}))
      ->capture_default_str();
  cmd->callback([options, &dispatch] { dispatch.run = [options] { return RunNode(*options); }; });
}

}  // namespace chainsim::cli
