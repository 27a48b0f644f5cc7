// FetchChains against scripted peers on loopback ports, in process.

#include "apps/http/peer_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "core/blockchain.h"
#include "core/chain_json.h"
#include "tests/apps/test_sockets.h"

namespace chainsim::http::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

PeerClientOptions FastOptions() {
  PeerClientOptions options;
  options.connect_timeout = milliseconds(1000);
  options.read_timeout = milliseconds(1000);
  options.peer_timeout = milliseconds(1500);
  options.resolve_timeout = milliseconds(5000);
  options.max_response_bytes = std::size_t{1} << 20;
  options.reply_memory_budget = std::size_t{64} << 20;
  return options;
}

Chain SmallChain(int blocks) {
  ChainRules rules;
  rules.difficulty = 1;
  Blockchain chain(rules, "feedfacefeedfacefeedfacefeedface", 1795491520.25);
  for (int i = 1; i < blocks; ++i) {
    chain.NewTransaction("a", "b", i);
    chain.Mine(1795491520.25 + i);
  }
  return chain.chain();
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(PeerClientTest, FetchesAChain) {
  const Chain chain = SmallChain(3);
  ScriptedPeer peer(Answering(OkReply(ChainResponseBody(chain))));
  ReplyMemory memory(FastOptions().reply_memory_budget);
  const std::vector<std::string> nodes{peer.address()};
  const std::vector<PeerFetch> fetches = FetchChains(nodes, FastOptions(), memory);
  ASSERT_EQ(fetches.size(), 1U);
  EXPECT_EQ(fetches[0].status, FetchStatus::kOk) << fetches[0].detail;
  ASSERT_EQ(fetches[0].chain.size(), 3U);
  EXPECT_EQ(fetches[0].chain.back()->hash(), chain.back()->hash());
}

TEST(PeerClientTest, APeerTricklingItsStatusLineIsCutOffAtThePeerTimeout) {
  ScriptedPeer peer([](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    // Each byte well within read_timeout; the whole would take minutes.
    Trickle(fd, "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(2000, 'a'), milliseconds(50), stop);
  });
  ReplyMemory memory(FastOptions().reply_memory_budget);
  const std::vector<std::string> nodes{peer.address()};
  const auto start = Clock::now();
  const std::vector<PeerFetch> fetches = FetchChains(nodes, FastOptions(), memory);
  EXPECT_LT(SecondsSince(start), 3.0);
  EXPECT_EQ(fetches[0].status, FetchStatus::kUnreachable);
  EXPECT_NE(fetches[0].detail.find("no complete reply within 1500 ms"), std::string::npos)
      << fetches[0].detail;
}

TEST(PeerClientTest, AStalledPeerIsCutOffAtTheReadTimeout) {
  ScriptedPeer peer([](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    SendAll(fd, "HTTP/1.1 200 OK\r\n");
    while (!stop.stop_requested()) std::this_thread::sleep_for(milliseconds(10));
  });
  PeerClientOptions options = FastOptions();
  options.read_timeout = milliseconds(300);
  ReplyMemory memory(options.reply_memory_budget);
  const std::vector<std::string> nodes{peer.address()};
  const std::vector<PeerFetch> fetches = FetchChains(nodes, options, memory);
  EXPECT_EQ(fetches[0].status, FetchStatus::kUnreachable);
  EXPECT_NE(fetches[0].detail.find("stalled longer than 300 ms"), std::string::npos)
      << fetches[0].detail;
}

TEST(PeerClientTest, TheResolveTimeoutBoundsEveryFetchOfTheCall) {
  ScriptedPeer peer([](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    Trickle(fd, std::string(10000, 'H'), milliseconds(50), stop);
  });
  PeerClientOptions options = FastOptions();
  options.max_parallel_fetches = 2;
  options.peer_timeout = milliseconds(600);
  options.resolve_timeout = milliseconds(1000);
  ReplyMemory memory(options.reply_memory_budget);
  const std::vector<std::string> nodes(10, peer.address());
  const auto start = Clock::now();
  const std::vector<PeerFetch> fetches = FetchChains(nodes, options, memory);
  EXPECT_LT(SecondsSince(start), 2.0);
  ASSERT_EQ(fetches.size(), 10U);
  EXPECT_NE(fetches[0].detail.find("no complete reply within 600 ms"), std::string::npos)
      << fetches[0].detail;
  EXPECT_NE(fetches[2].detail.find("resolve time limit of 1000 ms"), std::string::npos)
      << fetches[2].detail;
  EXPECT_NE(fetches[9].detail.find("not fetched"), std::string::npos) << fetches[9].detail;
}

TEST(PeerClientTest, OverSizeRepliesAreBadResponsesWithoutBeingRead) {
  const std::string zeros(std::size_t{1} << 16, '0');
  // Announced too big: refused from the headers alone.
  ScriptedPeer sized([&](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 67108864\r\n\r\n");
    while (!stop.stop_requested() && SendAll(fd, zeros)) {
    }
  });
  // Chunked, and endless.
  ScriptedPeer chunked([&](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    SendAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    while (!stop.stop_requested() && SendAll(fd, "10000\r\n" + zeros + "\r\n")) {
    }
  });
  // No length at all: the body would end when the peer closes.
  ScriptedPeer unsized([&](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    SendAll(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
    while (!stop.stop_requested() && SendAll(fd, zeros)) {
    }
  });
  ReplyMemory memory(FastOptions().reply_memory_budget);
  const std::vector<std::string> nodes{sized.address(), chunked.address(), unsized.address()};
  const std::vector<PeerFetch> fetches = FetchChains(nodes, FastOptions(), memory);
  for (const PeerFetch& fetch : fetches) {
    EXPECT_EQ(fetch.status, FetchStatus::kBadResponse) << fetch.node;
    EXPECT_NE(fetch.detail.find("reply larger than 1048576 bytes"), std::string::npos)
        << fetch.detail;
  }
  EXPECT_EQ(memory.in_use(), 0U);
}

TEST(PeerClientTest, RepliesBeyondTheMemoryBudgetAreRefused) {
  // A block of 33,000 empty objects: 100 kB of text, megabytes once parsed.
  std::string transactions;
  for (int i = 0; i < 33000; ++i) transactions += i == 0 ? "{}" : ",{}";
  const std::string body =
      R"({"chain":[{"index":1,"previous_hash":"1","proof":100,"timestamp":1.5,"transactions":[)" +
      transactions + "]}],\"length\":1}";
  std::string other = body;
  other.replace(other.find("\"proof\":100"), 11, "\"proof\":101");
  ScriptedPeer first(Answering(OkReply(body)));
  ScriptedPeer second(Answering(OkReply(other)));
  // Room for one such reply, not two.
  PeerClientOptions options = FastOptions();
  options.reply_memory_budget = ParseCostEstimate(body) * 3 / 2;
  ReplyMemory memory(options.reply_memory_budget);
  const std::vector<std::string> nodes{first.address(), first.address() + "/again",
                                       second.address()};
  const std::vector<PeerFetch> fetches = FetchChains(nodes, options, memory);
  EXPECT_EQ(fetches[0].status, FetchStatus::kOk) << fetches[0].detail;
  // The same reply again costs nothing more: it is not even parsed again.
  EXPECT_EQ(fetches[1].status, FetchStatus::kOk) << fetches[1].detail;
  EXPECT_EQ(fetches[1].chain[0], fetches[0].chain[0]);
  // A different block of the same size does not fit next to the first.
  EXPECT_EQ(fetches[2].status, FetchStatus::kBadResponse);
  EXPECT_NE(fetches[2].detail.find("memory budget"), std::string::npos) << fetches[2].detail;
  EXPECT_GE(memory.in_use(), ParseCostEstimate(body) / 2);
  EXPECT_LE(memory.in_use(), options.reply_memory_budget);
}

TEST(PeerClientTest, BlocksEqualToKnownOnesAreShared) {
  const Chain chain = SmallChain(4);
  ScriptedPeer peer(Answering(OkReply(ChainResponseBody(chain))));
  ReplyMemory memory(FastOptions().reply_memory_budget);
  const Chain known(chain.begin(), chain.begin() + 2);
  const std::vector<std::string> nodes{peer.address(), peer.address()};
  const std::vector<PeerFetch> fetches = FetchChains(nodes, FastOptions(), memory, {}, known);
  ASSERT_EQ(fetches[0].chain.size(), 4U);
  EXPECT_EQ(fetches[0].chain[0], known[0]);
  EXPECT_EQ(fetches[0].chain[1], known[1]);
  EXPECT_EQ(fetches[1].chain[3], fetches[0].chain[3]);
}

TEST(PeerClientTest, NothingAPeerSendsThrows) {
  const std::vector<std::string> bodies = {
      R"({"chain":[{"index":1,"previous_hash":"1","proof":100,"timestamp":1e400,"transactions":[]}],"length":1})",
      R"({"chain":[{"index":1,"previous_hash":"1","proof":100,"timestamp":NaN,"transactions":[]}],"length":1})",
      R"({"chain":[{"index":99999999999999999999999,"previous_hash":"1","proof":100,"timestamp":1,"transactions":[]}],"length":1})",
      std::string(50000, '[') + std::string(50000, ']'),
      "\xff\xfe{\"chain\":[]}",
      R"({"chain":[],"length":0})",
      R"({"chain":{},"length":1})",
      "",
  };
  std::vector<std::unique_ptr<ScriptedPeer>> peers;
  std::vector<std::string> nodes;
  for (const std::string& body : bodies) {
    peers.push_back(std::make_unique<ScriptedPeer>(Answering(OkReply(body))));
    nodes.push_back(peers.back()->address());
  }
  nodes.push_back("not a host:99999");
  nodes.push_back("[::1");
  ReplyMemory memory(FastOptions().reply_memory_budget);
  const std::vector<PeerFetch> fetches = FetchChains(nodes, FastOptions(), memory);
  ASSERT_EQ(fetches.size(), nodes.size());
  for (const PeerFetch& fetch : fetches) {
    if (fetch.status == FetchStatus::kOk) continue;  // e.g. 1e400 read as Python does
    EXPECT_FALSE(fetch.detail.empty()) << fetch.node;
  }
  EXPECT_EQ(fetches.back().status, FetchStatus::kUnreachable);
}

TEST(PeerClientTest, AStopReturnsAtOnce) {
  ScriptedPeer peer([](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    Trickle(fd, std::string(10000, 'H'), milliseconds(50), stop);
  });
  PeerClientOptions options = FastOptions();
  options.peer_timeout = milliseconds(30000);
  options.read_timeout = milliseconds(30000);
  ReplyMemory memory(options.reply_memory_budget);
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(200));
    stop.request_stop();
  });
  const std::vector<std::string> nodes(3, peer.address());
  const auto start = Clock::now();
  const std::vector<PeerFetch> fetches = FetchChains(nodes, options, memory, stop.get_token());
  EXPECT_LT(SecondsSince(start), 1.0);
  for (const PeerFetch& fetch : fetches) {
    EXPECT_EQ(fetch.status, FetchStatus::kUnreachable);
    EXPECT_NE(fetch.detail.find("shutting down"), std::string::npos) << fetch.detail;
  }
}

TEST(PeerClientTest, LooksUpHostNames) {
  const Chain chain = SmallChain(2);
  ScriptedPeer peer(Answering(OkReply(ChainResponseBody(chain))));
  ReplyMemory memory(FastOptions().reply_memory_budget);
  const std::vector<std::string> nodes{"localhost:" + std::to_string(peer.port())};
  const std::vector<PeerFetch> fetches = FetchChains(nodes, FastOptions(), memory);
  EXPECT_EQ(fetches[0].status, FetchStatus::kOk) << fetches[0].detail;
}

}  // namespace
}  // namespace chainsim::http::testing
