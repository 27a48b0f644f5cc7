// The chainsim program as users run it: exit codes and messages of verify,
// run and demo, on real files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/json.h"

namespace chainsim {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Outcome RunChainsim(const std::string& arguments, const std::string& stdin_text = "") {
  std::string command = std::string(CHAINSIM_BINARY) + " " + arguments + " 2>&1";
  if (!stdin_text.empty()) {
    const std::string input = ::testing::TempDir() + "/cli_stdin.txt";
    std::ofstream(input) << stdin_text;
    command += " < " + input;
  }
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) outcome.output += buffer.data();
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

const std::string kSample = std::string(CHAINSIM_TEST_DATA_DIR) + "/tutorial-chain-sample.json";

TEST(VerifyCommandTest, PrintsTheReferenceHashesAndSaysValid) {
  const Outcome outcome = RunChainsim("verify " + kSample);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("af7b51403e883afcb0c8dcc3c80d23f055208a2e8e1cc25d85f7f454aae22ca2"),
            std::string::npos);
  EXPECT_NE(outcome.output.find("1ef6ef8d06742bfe2760c863faaf28ee8361fb0b2ce8a1f04779287d20612f68"),
            std::string::npos);
  EXPECT_NE(outcome.output.find("valid chain of 7 blocks"), std::string::npos);
}

TEST(VerifyCommandTest, NamesTheFailingLinkOfATamperedChainAndExitsOne) {
  std::ifstream in(kSample);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Json document = ParseJson(text).value();
  document["chain"][2]["proof"] = 12345;
  const Outcome outcome = RunChainsim("verify " + WriteFile("tampered.json", document.dump()));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("INVALID at position 2"), std::string::npos) << outcome.output;
}

TEST(VerifyCommandTest, ReadsStandardInputAndAcceptsABareListOfBlocks) {
  std::ifstream in(kSample);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const Json document = ParseJson(text).value();
  const Outcome outcome = RunChainsim("verify -", document["chain"].dump(2));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
}

TEST(VerifyCommandTest, MalformedOrMissingInputExitsTwoWithAPosition) {
  Outcome outcome =
      RunChainsim("verify " + WriteFile("broken.json", "{\"chain\": [\n  {\"index\": 1,\n"));
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("line 3, column"), std::string::npos) << outcome.output;
  outcome = RunChainsim("verify " + WriteFile("shape.json", R"([{"index": 1}])"));
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("missing key"), std::string::npos) << outcome.output;
  outcome = RunChainsim("verify /nonexistent/chain.json");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("cannot open"), std::string::npos) << outcome.output;
}

TEST(VerifyCommandTest, AnEmptyChainExitsTwoWithAMessage) {
  for (const char* text : {"[]", R"({"chain": [], "length": 0})"}) {
    const Outcome outcome = RunChainsim("verify " + WriteFile("empty.json", text));
    EXPECT_EQ(outcome.exit_code, 2) << text << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find("empty.json: the chain is empty"), std::string::npos)
        << outcome.output;
  }
}

TEST(VerifyCommandTest, ADirectoryExitsTwoWithAMessage) {
  const Outcome outcome = RunChainsim("verify " + ::testing::TempDir());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("is a directory, not a file"), std::string::npos) << outcome.output;
}

TEST(VerifyCommandTest, ReadsNumbersBeyondADoubleAndBigIntegersAsPythonDoes) {
  // A genesis block (not checked by valid_chain) with values Python accepts.
  const Outcome outcome = RunChainsim(
      "verify " + WriteFile("exotic.json", R"([{"index": 123456789012345678901234567890, )"
                                           R"("previous_hash": "1", "proof": 1e400, )"
                                           R"("timestamp": NaN, "transactions": [], "x": 1}])"));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("       0  123456789012345678901234567890  "), std::string::npos)
      << outcome.output;
}

TEST(VerifyCommandTest, AnyMalformedInputExitsTwoAndNeverCrashes) {
  const std::string deep = R"([{"index": 1, "previous_hash": "1", "proof": 1, "timestamp": 1, )"
                           R"("transactions": [{"amount": )" +
                           std::string(40000, '[') + std::string(40000, ']') + "}]}]";
  for (const std::string& text :
       {deep, std::string("[1]"), std::string("{\"chain\": 1}"), std::string("\xff"),
        std::string("[{}]"), std::string("[") + std::string(100, '\x00') + "]",
        std::string("{\"chain\": [], \"length\": 1e400}"), std::string(1000000, '{')}) {
    const Outcome outcome = RunChainsim("verify " + WriteFile("malformed.json", text));
    EXPECT_EQ(outcome.exit_code, 2) << text.substr(0, 80) << "\n" << outcome.output;
    EXPECT_EQ(outcome.output.rfind("chainsim: ", 0), 0U) << outcome.output.substr(0, 200);
  }
}

TEST(RunCommandTest, BadScenarioOrOptionExitsTwoWithFileLineColumn) {
  const std::string bad = WriteFile("bad.yaml", "nodes: 4\nmining:\n  block_intervl: 10s\n");
  Outcome outcome = RunChainsim("run " + bad);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("bad.yaml:3:3"), std::string::npos) << outcome.output;
  outcome = RunChainsim("run " +
                        WriteFile("ok.yaml", "nodes: 2\nduration: 1min\nchain: {difficulty: 1}\n") +
                        " --until tomorrow");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  outcome = RunChainsim("run --no-such-flag");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
}

TEST(RunCommandTest, JsonReportIsIdenticalForTheSameSeedApartFromWallTime) {
  const std::string file =
      WriteFile("small.yaml",
                "nodes: 5\nduration: 10min\nchain: {difficulty: 2}\nmining: {block_interval: 20s}\n"
                "network: {topology: ring, latency: 300ms}\n");
  const auto report = [&](const std::string& extra) {
    const Outcome outcome = RunChainsim("run " + file + " --json" + extra);
    EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
    Json json = ParseJson(outcome.output).value();
    json.erase("run");
    return json.dump();
  };
  const std::string first = report("");
  EXPECT_EQ(first, report(""));
  EXPECT_NE(first, report(" --seed 99"));
}

TEST(DemoCommandTest, TwoNodesForkAndAgreeAgain) {
  const Outcome outcome = RunChainsim("demo --difficulty 2");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Our chain was replaced"), std::string::npos);
  EXPECT_NE(outcome.output.find("The nodes agree again"), std::string::npos);
}

}  // namespace
}  // namespace chainsim
