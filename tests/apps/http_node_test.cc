// End-to-end tests of `chainsim node`: real processes on loopback ports.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "core/blockchain.h"
#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "core/valid_chain.h"
#include "tests/apps/node_process.h"
#include "tests/apps/test_sockets.h"

namespace chainsim::http::testing {
namespace {

constexpr const char* kDifficulty = "3";

ChainRules TestRules() {
  ChainRules rules;
  rules.difficulty = 3;
  return rules;
}

NodeProcess StartNode(std::vector<std::string> args = {}) {
  args.insert(args.begin(), {"--difficulty", kDifficulty});
  return NodeProcess(std::move(args));
}

Chain ChainOf(int port) {
  const Reply reply = Get(port, "/chain");
  EXPECT_EQ(reply.status, 200);
  Result<Chain> chain = ParseChain(reply.body);
  EXPECT_TRUE(chain.ok()) << reply.body;
  return chain ? std::move(chain).value() : Chain{};
}

std::vector<std::string> Hashes(const Chain& chain) {
  std::vector<std::string> hashes;
  for (const BlockPtr& block : chain) hashes.push_back(block->hash());
  return hashes;
}

void Mine(int port) { ASSERT_EQ(Get(port, "/mine").status, 200); }

void Register(int port, const std::vector<std::string>& nodes) {
  ASSERT_EQ(PostJson(port, "/nodes/register", Json{{"nodes", nodes}}).status, 201);
}

// A reply body is JSON written by core's compact writer: sorted keys.
void ExpectSortedCompactJson(const Reply& reply) {
  EXPECT_EQ(reply.content_type, "application/json");
  ASSERT_FALSE(reply.json.is_null()) << reply.body;
  EXPECT_EQ(reply.body, ToJson(reply.json, JsonStyle::kCompact) + "\n");
}

// A port with nothing listening: bound once, then released.
int DeadPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    close(fd);
    return 1;
  }
  close(fd);
  return ntohs(address.sin_port);
}

TEST(HttpNodeTest, MinesTransactionsIntoTheNextBlock) {
  NodeProcess node = StartNode();
  ASSERT_NE(node.port(), 0) << node.output();

  const Reply initial = Get(node.port(), "/chain");
  ASSERT_EQ(initial.status, 200);
  ExpectSortedCompactJson(initial);
  EXPECT_EQ(initial.json["length"], 1);
  EXPECT_EQ(initial.json["chain"][0]["previous_hash"], "1");
  EXPECT_EQ(initial.json["chain"][0]["proof"], 100);

  const Json transaction{{"sender", "alice"}, {"recipient", "bob"}, {"amount", 5}};
  const Reply added = PostJson(node.port(), "/transactions/new", transaction);
  EXPECT_EQ(added.status, 201);
  ExpectSortedCompactJson(added);
  EXPECT_EQ(added.json, Json({{"message", "Transaction will be added to Block 2"}}));

  const Reply mined = Get(node.port(), "/mine");
  ASSERT_EQ(mined.status, 200);
  ExpectSortedCompactJson(mined);
  EXPECT_EQ(mined.json["message"], "New Block Forged");
  EXPECT_EQ(mined.json["index"], 2);
  EXPECT_FALSE(mined.json.contains("timestamp"));
  ASSERT_EQ(mined.json["transactions"].size(), 2U);
  EXPECT_EQ(mined.json["transactions"][0], transaction);
  EXPECT_EQ(mined.json["transactions"][1]["sender"], "0");
  EXPECT_EQ(mined.json["transactions"][1]["amount"], 1);
  EXPECT_EQ(mined.json["transactions"][1]["recipient"].get<std::string>().size(), 32U);

  const Chain chain = ChainOf(node.port());
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_TRUE(ValidChain(chain, TestRules()));
  EXPECT_EQ(Json(chain[1]->proof()), mined.json["proof"]);
  EXPECT_EQ(Json(chain[0]->hash()), mined.json["previous_hash"]);
  EXPECT_TRUE(chain[1]->timestamp().is_number_float());
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(chain[1]->timestamp().get<double>(), now, 60.0);
}

TEST(HttpNodeTest, ResolveAdoptsALongerChain) {
  NodeProcess a = StartNode();
  NodeProcess b = StartNode();
  ASSERT_NE(a.port(), 0);
  ASSERT_NE(b.port(), 0);
  Mine(a.port());
  Mine(a.port());

  const Reply registered = PostJson(b.port(), "/nodes/register", Json{{"nodes", {a.address()}}});
  EXPECT_EQ(registered.status, 201);
  ExpectSortedCompactJson(registered);
  EXPECT_EQ(registered.json["message"], "New nodes have been added");
  EXPECT_EQ(registered.json["total_nodes"], Json({"127.0.0.1:" + std::to_string(a.port())}));
  EXPECT_EQ(Get(b.port(), "/nodes").json,
            Json({{"nodes", {"127.0.0.1:" + std::to_string(a.port())}}}));

  const Reply replaced = Get(b.port(), "/nodes/resolve");
  ASSERT_EQ(replaced.status, 200);
  ExpectSortedCompactJson(replaced);
  EXPECT_EQ(replaced.json["message"], "Our chain was replaced");
  EXPECT_FALSE(replaced.json.contains("chain"));
  EXPECT_EQ(replaced.json["new_chain"], Get(a.port(), "/chain").json["chain"]);
  ASSERT_EQ(replaced.json["peers"].size(), 1U);
  EXPECT_EQ(replaced.json["peers"][0]["outcome"], "adopted");
  EXPECT_EQ(replaced.json["peers"][0]["length"], 3);
  EXPECT_EQ(Hashes(ChainOf(b.port())), Hashes(ChainOf(a.port())));

  const Reply again = Get(b.port(), "/nodes/resolve");
  EXPECT_EQ(again.json["message"], "Our chain is authoritative");
  EXPECT_FALSE(again.json.contains("new_chain"));
  EXPECT_EQ(again.json["chain"].size(), 3U);
  EXPECT_EQ(again.json["peers"][0]["outcome"], "not_longer");
}

TEST(HttpNodeTest, ForkAtTheSameHeightConvergesAfterOneMoreBlock) {
  NodeProcess a = StartNode();
  NodeProcess b = StartNode();
  ASSERT_NE(a.port(), 0);
  ASSERT_NE(b.port(), 0);
  Register(a.port(), {b.address()});
  Register(b.port(), {a.address()});
  Mine(a.port());
  Mine(b.port());

  // Same length: ties keep ours, so both stay on their own branch.
  EXPECT_EQ(Get(a.port(), "/nodes/resolve").json["message"], "Our chain is authoritative");
  EXPECT_EQ(Get(b.port(), "/nodes/resolve").json["message"], "Our chain is authoritative");
  EXPECT_NE(Hashes(ChainOf(a.port())), Hashes(ChainOf(b.port())));

  Mine(a.port());
  EXPECT_EQ(Get(b.port(), "/nodes/resolve").json["message"], "Our chain was replaced");
  EXPECT_EQ(Get(a.port(), "/nodes/resolve").json["message"], "Our chain is authoritative");
  const Chain converged = ChainOf(a.port());
  EXPECT_EQ(converged.size(), 3U);
  EXPECT_EQ(Hashes(ChainOf(b.port())), Hashes(converged));
}

TEST(HttpNodeTest, RefusesBadRequestsWithoutChangingState) {
  NodeProcess node = StartNode();
  ASSERT_NE(node.port(), 0);
  const int port = node.port();
  const std::string chain_before = Get(port, "/chain").body;

  struct Case {
    std::string name;
    std::string path;
    std::string body;
    std::string content_type;
    int status;
  };
  const std::string big(std::size_t{2} << 20, 'x');
  const std::vector<Case> cases = {
      {"malformed JSON", "/transactions/new", R"({"sender": "a", )", "application/json", 400},
      {"wrong content type", "/transactions/new", R"({"sender":"a","recipient":"b","amount":1})",
       "text/plain", 415},
      {"body not an object", "/transactions/new", R"(["a","b",1])", "application/json", 400},
      {"missing values", "/transactions/new", R"({"sender":"a","amount":1})", "application/json",
       400},
      {"oversized body", "/transactions/new",
       R"({"sender":")" + big + R"(","recipient":"b","amount":1})", "application/json", 413},
      {"malformed JSON", "/nodes/register", R"({"nodes": [)", "application/json", 400},
      {"wrong content type", "/nodes/register", R"({"nodes":["127.0.0.1:1"]})",
       "application/x-www-form-urlencoded", 415},
      {"missing nodes", "/nodes/register", R"({"peers":["127.0.0.1:1"]})", "application/json", 400},
      {"nodes not a list", "/nodes/register", R"({"nodes":"127.0.0.1:1"})", "application/json",
       400},
      {"empty nodes", "/nodes/register", R"({"nodes":[]})", "application/json", 400},
      {"node not a string", "/nodes/register", R"({"nodes":["127.0.0.1:1", 5]})",
       "application/json", 400},
      {"empty address", "/nodes/register", R"({"nodes":["127.0.0.1:1", ""]})", "application/json",
       400},
      {"oversized body", "/nodes/register", R"({"nodes":[")" + big + R"("]})", "application/json",
       413},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path + ": " + c.name);
    const Reply reply = Post(port, c.path, c.body, c.content_type);
    EXPECT_EQ(reply.status, c.status) << reply.body;
    ASSERT_TRUE(reply.json.is_object()) << reply.body;
    EXPECT_TRUE(reply.json["error"].is_string());
  }
  EXPECT_TRUE(Post(port, "/nodes/register", R"({"nodes":[]})")
                  .json["error"]
                  .get<std::string>()
                  .starts_with("Error: Please supply a valid list of nodes"));
  EXPECT_TRUE(Post(port, "/transactions/new", R"({"sender":"a"})")
                  .json["error"]
                  .get<std::string>()
                  .starts_with("Missing values"));
  EXPECT_EQ(Get(port, "/nowhere").status, 404);
  EXPECT_EQ(Post(port, "/mine", "{}").status, 405);

  // Nothing changed: same chain, no peers, no pending transaction.
  EXPECT_EQ(Get(port, "/chain").body, chain_before);
  EXPECT_EQ(Get(port, "/nodes").json, Json({{"nodes", Json::array()}}));
  const Reply mined = Get(port, "/mine");
  EXPECT_EQ(mined.json["transactions"].size(), 1U) << mined.body;  // the reward only
}

TEST(HttpNodeTest, ResolveSkipsAndReportsDeadSlowAndMisbehavingPeers) {
  // The slow peer answers only when the test ends: without the node's 1 s
  // read timeout the resolve below would hang.
  ScriptedPeer slow([](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    SendAll(fd, OkReply(R"({"chain":[],"length":0})"));
  });
  ScriptedPeer garbage(
      AnsweringAt("/garbage/chain", HttpReply(200, "text/html", "<html>not json</html>")));
  ScriptedPeer liar(AnsweringAt("/liar/chain", OkReply(R"({"chain":[],"length":99})")));
  ScriptedPeer broken(
      AnsweringAt("/broken/chain", HttpReply(500, "text/plain", "Internal Server Error")));

  NodeProcess longer = StartNode();
  NodeProcess node = StartNode({"--peer-connect-timeout", "1", "--peer-read-timeout", "1"});
  ASSERT_NE(longer.port(), 0);
  ASSERT_NE(node.port(), 0);
  Mine(longer.port());
  const std::string dead = "127.0.0.1:" + std::to_string(DeadPort());
  Register(node.port(), {"http://" + dead, slow.address("/slow"), garbage.address("/garbage"),
                         liar.address("/liar"), broken.address("/broken"), longer.address()});

  const auto start = std::chrono::steady_clock::now();
  const Reply reply = Get(node.port(), "/nodes/resolve");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(reply.status, 200) << reply.body;
  // The slow peer is cut off by the 1 s timeout (a generous bound: loaded
  // CI machines); the client's own timeout would fail the Get at 10 s.
  EXPECT_LT(seconds, 8.0);
  EXPECT_EQ(reply.json["message"], "Our chain was replaced");
  EXPECT_EQ(reply.json["new_chain"].size(), 2U);

  const Json& peers = reply.json["peers"];
  ASSERT_EQ(peers.size(), 6U) << reply.body;
  std::map<std::string, std::string> outcome;
  for (const Json& peer : peers) {
    outcome[peer["node"].get<std::string>()] = peer["outcome"].get<std::string>();
    if (peer["outcome"] != "adopted") {
      EXPECT_TRUE(peer.contains("detail")) << peer;  // every skipped peer says why
    }
  }
  EXPECT_EQ(outcome[dead], "unreachable");
  EXPECT_EQ(outcome[slow.address("/slow")], "unreachable");
  EXPECT_EQ(outcome[garbage.address("/garbage")], "bad_response");
  EXPECT_EQ(outcome[liar.address("/liar")], "bad_response");
  EXPECT_EQ(outcome[broken.address("/broken")], "http_error");
  EXPECT_EQ(outcome["127.0.0.1:" + std::to_string(longer.port())], "adopted");
  EXPECT_EQ(Hashes(ChainOf(node.port())), Hashes(ChainOf(longer.port())));
}

TEST(HttpNodeTest, AdoptsAPrettyPrintedChainAndRefusesAnInvalidOne) {
  // A peer that pretty-prints its /chain body, as older Flask does.
  Blockchain remote(TestRules(), "feedfacefeedfacefeedfacefeedface", 1795491520.25);
  remote.NewTransaction("a", "b\xc3\xa9", 1.5);
  remote.Mine(1795491521.5);
  remote.Mine(1795491522.75);
  const std::string pretty = Json{{"chain", ChainToJson(remote.chain())}, {"length", 3}}.dump(4);
  // The same chain with one proof changed fails valid_chain.
  Json tampered = ChainToJson(remote.chain());
  tampered[2]["proof"] = tampered[2]["proof"].get<std::int64_t>() + 1;
  const std::string invalid = Json{{"chain", tampered}, {"length", 3}}.dump();

  ScriptedPeer pretty_peer(AnsweringAt("/pretty/chain", OkReply(pretty)));
  ScriptedPeer invalid_peer(AnsweringAt("/invalid/chain", OkReply(invalid)));
  NodeProcess node = StartNode();
  ASSERT_NE(node.port(), 0);
  Register(node.port(), {invalid_peer.address("/invalid"), pretty_peer.address("/pretty")});

  const Reply reply = Get(node.port(), "/nodes/resolve");
  EXPECT_EQ(reply.json["message"], "Our chain was replaced") << reply.body;
  EXPECT_EQ(reply.json["peers"][0]["outcome"], "invalid");
  EXPECT_TRUE(reply.json["peers"][0].contains("detail"));
  EXPECT_EQ(reply.json["peers"][1]["outcome"], "adopted");
  EXPECT_EQ(Hashes(ChainOf(node.port())), Hashes(remote.chain()));
}

TEST(HttpNodeTest, ConcurrentMinesLeaveAValidChainWithEveryBlock) {
  NodeProcess node = StartNode({"--threads", "8"});
  ASSERT_NE(node.port(), 0);
  constexpr int kThreads = 4;
  constexpr int kMinesEach = 3;
  std::vector<std::vector<std::int64_t>> indices(kThreads);
  std::vector<std::jthread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kMinesEach; ++i) {
        const Reply reply = Get(node.port(), "/mine");
        if (reply.status == 200)
          indices[static_cast<std::size_t>(t)].push_back(reply.json["index"]);
      }
    });
  }
  // Resolves at the same time (no peers) must not disturb the chain either.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Get(node.port(), "/nodes/resolve").status, 200);
  threads.clear();

  std::set<std::int64_t> all;
  for (const auto& list : indices) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), std::size_t{kThreads * kMinesEach});
  const Chain chain = ChainOf(node.port());
  ASSERT_EQ(chain.size(), std::size_t{kThreads * kMinesEach + 1});
  EXPECT_TRUE(ValidChain(chain, TestRules()));
  for (std::size_t i = 0; i < chain.size(); ++i) {
    EXPECT_EQ(chain[i]->index(), static_cast<std::int64_t>(i + 1));
    if (i > 0) {
      EXPECT_EQ(all.count(chain[i]->index()), 1U);
    }
  }
}

TEST(HttpNodeTest, RestartWithDataDirLosesNothing) {
  const std::string dir = MakeTempDir();
  ASSERT_FALSE(dir.empty());
  std::string chain_body;
  std::string node_id;
  {
    NodeProcess node = StartNode({"--data-dir", dir});
    ASSERT_NE(node.port(), 0) << node.output();
    ASSERT_EQ(PostJson(node.port(), "/transactions/new",
                       Json{{"sender", "a"}, {"recipient", "b"}, {"amount", 1}})
                  .status,
              201);
    const Reply mined = Get(node.port(), "/mine");
    node_id = mined.json["transactions"][1]["recipient"];
    ASSERT_EQ(PostJson(node.port(), "/transactions/new",
                       Json{{"sender", "c"}, {"recipient", "d"}, {"amount", 2.5}})
                  .status,
              201);
    Register(node.port(), {"http://127.0.0.1:1", "127.0.0.1:2"});
    chain_body = Get(node.port(), "/chain").body;
    EXPECT_EQ(node.Stop(), 0);
  }
  EXPECT_TRUE(std::filesystem::exists(dir + "/state.json"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/state.json.tmp"));
  {
    NodeProcess node = StartNode({"--data-dir", dir});
    ASSERT_NE(node.port(), 0) << node.output();
    EXPECT_EQ(Get(node.port(), "/chain").body, chain_body);
    EXPECT_EQ(Get(node.port(), "/nodes").json, Json({{"nodes", {"127.0.0.1:1", "127.0.0.1:2"}}}));
    const Reply mined = Get(node.port(), "/mine");
    ASSERT_EQ(mined.json["transactions"].size(), 2U);
    EXPECT_EQ(mined.json["transactions"][0],
              Json({{"sender", "c"}, {"recipient", "d"}, {"amount", 2.5}}));
    EXPECT_EQ(mined.json["transactions"][1]["recipient"], node_id);
    EXPECT_EQ(mined.json["index"], 3);
  }
  std::filesystem::remove_all(dir);
}

TEST(HttpNodeTest, CorruptOrMismatchedStateFileExitsWithCode2AndIsLeftAlone) {
  const std::string dir = MakeTempDir();
  ASSERT_FALSE(dir.empty());
  const std::string file = dir + "/state.json";
  const std::string corrupt = "{\"chain\": [\n  {\"index\": 1,,}\n]}";
  std::ofstream(file) << corrupt;

  std::string errors;
  EXPECT_EQ(RunChainsim({"node", "--port", "0", "--data-dir", dir}, &errors), 2);
  EXPECT_NE(errors.find(file), std::string::npos) << errors;
  EXPECT_NE(errors.find("line 2"), std::string::npos) << errors;
  std::ifstream in(file);
  std::ostringstream after;
  after << in.rdbuf();
  EXPECT_EQ(after.str(), corrupt);

  // A valid state saved at difficulty 3 does not pass at difficulty 5.
  std::filesystem::remove(file);
  {
    NodeProcess node = StartNode({"--data-dir", dir});
    ASSERT_NE(node.port(), 0);
    Mine(node.port());
  }
  EXPECT_EQ(RunChainsim({"node", "--port", "0", "--difficulty", "5", "--data-dir", dir}, &errors),
            2);
  EXPECT_NE(errors.find("not valid at difficulty 5"), std::string::npos) << errors;
  std::filesystem::remove_all(dir);
}

TEST(HttpNodeTest, TwoNodesCannotShareADataDir) {
  const std::string dir = MakeTempDir();
  ASSERT_FALSE(dir.empty());
  NodeProcess first = StartNode({"--data-dir", dir});
  ASSERT_NE(first.port(), 0);
  std::string errors;
  EXPECT_EQ(RunChainsim({"node", "--port", "0", "--data-dir", dir}, &errors), 2);
  EXPECT_NE(errors.find("in use"), std::string::npos) << errors;
  first.Stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chainsim::http::testing
