#pragma once
// NodeOptions: how a real HTTP node (`chainsim node`) runs.

#include <chrono>
#include <cstddef>
#include <string>

#include "core/chain_rules.h"

namespace chainsim::http {

struct PeerClientOptions {
  // Time allowed to open the TCP connection to a peer. Default 2 s.
  std::chrono::milliseconds connect_timeout{2000};
  // Time allowed for each read of a peer's /chain reply (httplib applies it
  // per socket read, so a peer that stalls longer is dropped). Default 5 s.
  std::chrono::milliseconds read_timeout{5000};
  // Time allowed for the whole reply, however it trickles in. Default 30 s.
  std::chrono::milliseconds total_timeout{30000};
  // Largest /chain body accepted from a peer; bigger replies are cut off and
  // the peer is skipped. Default 64 MiB.
  std::size_t max_response_bytes = std::size_t{64} << 20;
  // Peers fetched at the same time during one resolve. Default 16.
  std::size_t max_parallel_fetches = 16;
};

struct NodeOptions {
  // Address to listen on. Default loopback only.
  std::string host = "127.0.0.1";
  // TCP port; 0 lets the kernel choose (the chosen port is printed). Default 5000.
  int port = 5000;
  // Proof rule and fork choice; defaults are the reference's (difficulty 4).
  ChainRules rules;
  // Directory holding the node's state across restarts; empty keeps the
  // state in memory only, like the reference. Default empty.
  std::string data_dir;
  // Largest request body accepted; bigger ones get 413. Default 1 MiB.
  std::size_t max_request_bytes = std::size_t{1} << 20;
  // Threads searching for a proof in GET /mine (0: every core).
  int mining_threads = 0;
  // When resolve adopts a chain that discards blocks of ours, put their
  // transactions (except rewards and those the new chain holds) back in the
  // pending list (core's Blockchain::Adopt). Off by default, as the reference.
  bool requeue_lost_transactions = false;
  // Worker threads serving requests. Default 8.
  std::size_t server_threads = 8;
  // How resolve talks to peers.
  PeerClientOptions peers;
};

}  // namespace chainsim::http
