#pragma once
// NodeOptions: how a real HTTP node (`chainsim node`) runs, with every limit
// it enforces. docs/http-node.md lists them in one table with their flags.

#include <chrono>
#include <cstddef>
#include <string>

#include "core/chain_rules.h"

namespace chainsim::http {

// How the node's HTTP server treats clients. Connections cost no thread:
// one I/O thread reads and writes every socket, and only complete requests
// reach the worker threads (see http_server.h).
struct ServerOptions {
  // Largest request body accepted, with Content-Length or chunked; bigger
  // ones get 413 and the connection is closed. Default 1 MiB.
  std::size_t max_request_bytes = std::size_t{1} << 20;
  // Largest request line plus headers; bigger ones get 431. Default 16 KiB.
  std::size_t max_header_bytes = std::size_t{16} << 10;
  // Time a connection may stay open without starting a request (after it
  // is accepted, and between keep-alive requests). Default 5 s.
  std::chrono::milliseconds idle_timeout{5000};
  // Time to receive a whole request (line, headers and body) once its first
  // byte arrived, however it trickles in. Default 10 s.
  std::chrono::milliseconds request_timeout{10000};
  // Time to send a whole response. Default 30 s.
  std::chrono::milliseconds write_timeout{30000};
  // Open client connections at most. At the limit, a new connection closes
  // the one that has waited longest for its request to arrive (idle or
  // half-sent); connections whose request is being answered are never
  // closed this way. Default 1024.
  std::size_t max_connections = 1024;
  // Connections the kernel queues before the node accepts them (listen
  // backlog; Linux caps it at net.core.somaxconn). Default 1024.
  int listen_backlog = 1024;
  // Worker threads answering the quick requests (/chain, /nodes,
  // /transactions/new, /nodes/register). Default 4.
  std::size_t worker_threads = 4;
  // Worker threads answering the long requests (/mine and /nodes/resolve),
  // which may take seconds; more of them wait in a queue. Kept apart so
  // that long requests never delay the quick ones. Default 4.
  std::size_t long_request_threads = 4;
  // How long Stop() lets answers already computed finish sending before
  // closing every connection. Default 250 ms.
  std::chrono::milliseconds shutdown_grace{250};
};

struct PeerClientOptions {
  // Time allowed to open the TCP connection to a peer. Default 2 s.
  std::chrono::milliseconds connect_timeout{2000};
  // Longest pause allowed between two reads of a peer's reply (status line,
  // headers or body). Default 5 s.
  std::chrono::milliseconds read_timeout{5000};
  // Hard limit on one peer's whole exchange: name lookup, connecting,
  // sending the request and receiving the whole reply. Default 10 s.
  std::chrono::milliseconds peer_timeout{10000};
  // Hard limit on fetching every peer's chain in one resolve; peers not
  // answered by then are skipped as unreachable. Default 30 s.
  std::chrono::milliseconds resolve_timeout{30000};
  // Largest /chain reply body accepted from one peer; a bigger one (by its
  // Content-Length, or as it streams in) is refused as bad_response without
  // reading further. Default 4 MiB (about 15,000 blocks of the reference's
  // shape).
  std::size_t max_response_bytes = std::size_t{4} << 20;
  // Largest status line plus headers of a reply. Default 16 KiB.
  std::size_t max_response_header_bytes = std::size_t{16} << 10;
  // Memory all peer replies of the node may hold at once: bodies as they
  // arrive, then the parsed chains kept for the decision (estimated, see
  // reply_memory.h). A reply that would exceed it is refused as
  // bad_response. Default 192 MiB.
  std::size_t reply_memory_budget = std::size_t{192} << 20;
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
  // Threads searching for a proof in GET /mine (0: every core). Default 0.
  int mining_threads = 0;
  // When resolve adopts a chain that discards blocks of ours, put their
  // transactions (except rewards and those the new chain holds) back in the
  // pending list (core's Blockchain::Adopt). Off by default, as the reference.
  bool requeue_lost_transactions = false;
  // How the server treats clients.
  ServerOptions server;
  // How resolve talks to peers.
  PeerClientOptions peers;
};

}  // namespace chainsim::http
