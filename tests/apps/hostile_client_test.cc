// `chainsim node` against hostile or careless clients: real processes on
// loopback ports, raw sockets sending what no HTTP library would.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "tests/apps/node_process.h"
#include "tests/apps/test_sockets.h"

namespace chainsim::http::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

NodeProcess StartNode(std::vector<std::string> args = {}) {
  args.insert(args.begin(), {"--difficulty", "2"});
  return NodeProcess(std::move(args));
}

std::string Chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

// GET `path` on a new connection; the status, or 0 when no answer came
// within `limit`.
int TimedGet(int port, const std::string& path, milliseconds limit, milliseconds* took) {
  const auto start = Clock::now();
  RawConnection connection(port);
  int status = 0;
  if (connection.ok() &&
      connection.Send("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")) {
    status = StatusOf(connection.ReadResponse(limit));
  }
  *took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  return status;
}

TEST(HttpNodeLimitsTest, ChunkedBodyOverTheLimitGets413AndIsNeverHeld) {
  NodeProcess node = StartNode({"--max-request-bytes", "65536"});
  ASSERT_NE(node.port(), 0) << node.output();
  const long memory_before = PeakMemoryKiB(node.pid());

  // A well-formed transaction whose chunked body is 32 MiB long.
  RawConnection connection(node.port());
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE(connection.Send(
      "POST /transactions/new HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      Chunk(R"({"sender": ")")));
  std::jthread sender([fd = connection.fd()] {
    const std::string chunk = Chunk(std::string(std::size_t{1} << 16, 'x'));
    for (int i = 0; i < 512 && SendAll(fd, chunk); ++i) {
    }
    SendAll(fd, Chunk(R"(", "recipient": "b", "amount": 1})") + Chunk(""));
  });
  const std::string reply = connection.ReadResponse(milliseconds(10000));
  sender.join();
  EXPECT_EQ(StatusOf(reply), 413) << reply.substr(0, 300);
  EXPECT_NE(BodyOf(reply).find("request body too large"), std::string::npos);

  // Not held: the node's peak memory grew by far less than the body.
  EXPECT_LT(PeakMemoryKiB(node.pid()) - memory_before, 16 * 1024);
  // Nothing was added: the next block holds the reward only.
  const Reply mined = Get(node.port(), "/mine");
  ASSERT_EQ(mined.status, 200);
  EXPECT_EQ(mined.json["transactions"].size(), 1U) << mined.body;
}

TEST(HttpNodeLimitsTest, ContentLengthOverTheLimitIsRefusedBeforeTheBodyIsSent) {
  NodeProcess node = StartNode({"--max-request-bytes", "1000"});
  ASSERT_NE(node.port(), 0);
  RawConnection connection(node.port());
  ASSERT_TRUE(connection.Send(
      "POST /nodes/register HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
      "Content-Length: 1000000000\r\nExpect: 100-continue\r\n\r\n"));
  const std::string reply = connection.ReadResponse(milliseconds(5000));
  EXPECT_EQ(StatusOf(reply), 413) << reply;
}

TEST(HttpNodeLimitsTest, HeadersOverTheLimitGet431) {
  NodeProcess node = StartNode({"--max-header-bytes", "2048"});
  ASSERT_NE(node.port(), 0);
  RawConnection connection(node.port());
  ASSERT_TRUE(connection.Send(
      "GET /chain HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n"));
  EXPECT_EQ(StatusOf(connection.ReadResponse(milliseconds(5000))), 431);
}

TEST(HttpNodeLimitsTest, IdleAndHalfSentConnectionsDoNotDelayOtherClients) {
  NodeProcess node = StartNode();
  ASSERT_NE(node.port(), 0);
  for (int i = 0; i < 20; ++i) Get(node.port(), "/mine");

  // 300 connections that say nothing, 50 stuck in the middle of their
  // headers and 50 in the middle of a body.
  std::vector<RawConnection> held;
  for (int i = 0; i < 300; ++i) held.emplace_back(node.port());
  for (int i = 0; i < 50; ++i) {
    held.emplace_back(node.port());
    held.back().Send("GET /chain HTTP/1.1\r\nHost: te");
  }
  for (int i = 0; i < 50; ++i) {
    held.emplace_back(node.port());
    held.back().Send(
        "POST /transactions/new HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n{\"sender\"");
  }
  for (const RawConnection& connection : held) ASSERT_TRUE(connection.ok());

  std::vector<milliseconds> times;
  for (int i = 0; i < 50; ++i) {
    milliseconds took{};
    ASSERT_EQ(TimedGet(node.port(), "/chain", milliseconds(5000), &took), 200) << "request " << i;
    times.push_back(took);
  }
  std::sort(times.begin(), times.end());
  // Generous for a loaded debug build: every answer comes at once.
  EXPECT_LT(times.back().count(), 1000) << "slowest of 50: " << times.back().count() << " ms";

  // And the node stops at once with all of them open.
  const NodeProcess::Exit exit = node.Terminate(milliseconds(3000));
  EXPECT_EQ(exit.code, 0);
  EXPECT_LT(exit.took.count(), 1000);
}

TEST(HttpNodeLimitsTest, IdleConnectionsAreClosedAfterTheIdleTimeout) {
  NodeProcess node = StartNode({"--idle-timeout", "0.3"});
  ASSERT_NE(node.port(), 0);
  RawConnection idle(node.port());
  ASSERT_TRUE(idle.ok());
  EXPECT_TRUE(idle.ClosedWithin(milliseconds(3000)));

  // The same between two requests of a keep-alive connection.
  RawConnection keep_alive(node.port());
  ASSERT_TRUE(keep_alive.Send("GET /nodes HTTP/1.1\r\nHost: test\r\n\r\n"));
  EXPECT_EQ(StatusOf(keep_alive.ReadResponse(milliseconds(3000))), 200);
  EXPECT_TRUE(keep_alive.ClosedWithin(milliseconds(3000)));
}

TEST(HttpNodeLimitsTest, TricklingRequestIsCutOffAtTheRequestTimeout) {
  NodeProcess node = StartNode({"--request-timeout", "0.5"});
  ASSERT_NE(node.port(), 0);
  RawConnection connection(node.port());
  ASSERT_TRUE(connection.ok());
  // One byte every 100 ms: each read is quick, the request never ends.
  const auto start = Clock::now();
  bool closed = false;
  for (const char c : std::string("GET /chain HTTP/1.1\r\nHost: a-very-long-host-name-indeed")) {
    if (connection.ClosedWithin(milliseconds(100)) || !connection.Send(std::string(1, c))) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count(), 3000);
}

TEST(HttpNodeLimitsTest, AtTheConnectionLimitTheLongestWaitingConnectionMakesRoom) {
  NodeProcess node = StartNode({"--max-connections", "8"});
  ASSERT_NE(node.port(), 0);
  std::vector<RawConnection> held;
  for (int i = 0; i < 8; ++i) held.emplace_back(node.port());
  milliseconds took{};
  EXPECT_EQ(TimedGet(node.port(), "/chain", milliseconds(3000), &took), 200);
  EXPECT_TRUE(held.front().ClosedWithin(milliseconds(3000)));
}

TEST(HttpNodeLimitsTest, KeepAliveRequestsAreAnsweredWithoutNagleDelays) {
  NodeProcess node = StartNode();
  ASSERT_NE(node.port(), 0);
  for (int i = 0; i < 5; ++i) Get(node.port(), "/mine");
  std::vector<double> times;
  for (int c = 0; c < 5; ++c) {
    RawConnection connection(node.port());
    for (int i = 0; i < 4; ++i) {
      const auto start = Clock::now();
      ASSERT_TRUE(connection.Send("GET /chain HTTP/1.1\r\nHost: test\r\n\r\n"));
      ASSERT_EQ(StatusOf(connection.ReadResponse(milliseconds(3000))), 200) << "request " << i;
      times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
  }
  std::sort(times.begin(), times.end());
  // Nagle's algorithm with delayed ACKs costs about 40 ms per request.
  EXPECT_LT(times[times.size() / 2], 20.0) << "median " << times[times.size() / 2] << " ms";
}

TEST(HttpNodeLimitsTest, SecondNodeOnAPortInUseExitsWithCode2) {
  NodeProcess first = StartNode();
  ASSERT_NE(first.port(), 0);
  std::string errors;
  EXPECT_EQ(RunChainsim({"node", "--port", std::to_string(first.port())}, &errors), 2);
  EXPECT_NE(errors.find("in use"), std::string::npos) << errors;
  EXPECT_EQ(Get(first.port(), "/chain").status, 200);
}

TEST(HttpNodeLimitsTest, SigtermStopsAMiningNodeWithinASecondAndTheMinerGets503) {
  // Difficulty 8 on one thread takes minutes: the node is certainly still mining.
  NodeProcess node({"--difficulty", "8", "--mining-threads", "1"});
  ASSERT_NE(node.port(), 0);
  const std::string chain_before = Get(node.port(), "/chain").body;
  RawConnection miner(node.port());
  ASSERT_TRUE(miner.Send("GET /mine HTTP/1.1\r\nHost: test\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(300));

  const NodeProcess::Exit exit = node.Terminate(milliseconds(3000));
  EXPECT_EQ(exit.code, 0);
  EXPECT_LT(exit.took.count(), 1000);
  const std::string reply = miner.ReadResponse(milliseconds(1000));
  EXPECT_EQ(StatusOf(reply), 503) << reply;
  const Result<Json> body = ParseJson(BodyOf(reply));
  ASSERT_TRUE(body.ok()) << reply;
  EXPECT_NE((*body)["error"].get<std::string>().find("shutting down"), std::string::npos);
}

TEST(HttpNodeLimitsTest, SigtermBeforeAnyRequestStopsTheNodeAtOnce) {
  NodeProcess node = StartNode();
  ASSERT_NE(node.port(), 0);
  const NodeProcess::Exit exit = node.Terminate(milliseconds(3000));
  EXPECT_EQ(exit.code, 0);
  EXPECT_LT(exit.took.count(), 1000);
}

}  // namespace
}  // namespace chainsim::http::testing
