#include "apps/cli/node_command.h"

#include <openssl/rand.h>
#include <pthread.h>

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

struct NodeCommandOptions {
  http::NodeOptions node;
  std::string variant = "tutorial";
  std::string fork_choice = "longest";
  double connect_timeout_s = 2.0;
  double read_timeout_s = 5.0;
};

// A uuid4 node id from OpenSSL's random generator, as the reference's
// str(uuid4()).replace('-', '').
std::string RandomNodeId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw UsageError("cannot get random bytes from OpenSSL");
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  for (int i = 0; i < 8; ++i) {
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
  return std::chrono::milliseconds(std::llround(seconds * 1000.0));
}

int RunNode(NodeCommandOptions options) {
  http::NodeOptions& node = options.node;
  node.rules.proof_variant = ParseProofVariant(options.variant).value();
  node.rules.fork_choice = ParseForkChoice(options.fork_choice).value();
  node.peers.connect_timeout = Milliseconds(options.connect_timeout_s, "--peer-connect-timeout");
  node.peers.read_timeout = Milliseconds(options.read_timeout_s, "--peer-read-timeout");

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
            << (node.data_dir.empty() ? std::string("state in memory")
                                      : "data dir " + node.data_dir)
            << ")" << std::endl;
  server.Run();
  // If Run returned on its own, wake the waiter so it can be joined (the
  // signal is blocked everywhere, so sigwait consumes it; nothing is killed).
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
  cmd->add_option("--peer-connect-timeout", options->connect_timeout_s,
                  "seconds to connect to a peer during resolve")
      ->capture_default_str();
  cmd->add_option("--peer-read-timeout", options->read_timeout_s,
                  "seconds a peer may stall while sending its chain")
      ->capture_default_str();
  cmd->add_option("--max-request-bytes", node.max_request_bytes,
                  "largest request body accepted (larger: 413)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--mining-threads", node.mining_threads,
                  "threads searching for proofs in /mine (0: every core)")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_option("--threads", node.server_threads, "worker threads serving requests")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->capture_default_str();
  cmd->callback([options, &dispatch] { dispatch.run = [options] { return RunNode(*options); }; });
}

}  // namespace chainsim::cli
