// The chainsim program as users run it: exit codes and messages of verify,
// run, validate, node and demo, on real files and command-line values.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/json.h"

namespace chainsim {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs chainsim with `arguments` (and `stdin_text` on its standard input),
// killed after `timeout_s` seconds (exit code 124) when that is not 0.
Outcome RunChainsim(const std::string& arguments, const std::string& stdin_text = "",
                    int timeout_s = 0) {
  std::string command = (timeout_s > 0 ? "timeout " + std::to_string(timeout_s) + " " : "") +
                        std::string(CHAINSIM_BINARY) + " " + arguments + " 2>&1";
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

// --- issue 10: scenario files and command-line values ----------------------

// A small scenario that runs in well under a second.
std::string TinyScenario() {
  return WriteFile("tiny.yaml", "nodes: 3\nduration: 2min\nchain: {difficulty: 1}\n");
}

bool Exists(const std::string& path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

TEST(ScenarioInputTest, TextThatIsNotUtf8IsRefusedBeforeAnythingIsWritten) {
  const std::string file = WriteFile("latin1.yaml", "nodes: 2\nname: caf\xe9\n");
  const std::string expected =
      file + ":2:7: name: the text is not valid UTF-8 (byte 4 of the value; expected UTF-8 text)";
  for (const std::string& command :
       {"validate " + file, "validate --json " + file, "run --json " + file}) {
    const Outcome outcome = RunChainsim(command);
    EXPECT_EQ(outcome.exit_code, 2) << command << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << outcome.output;
  }
  const std::string out = ::testing::TempDir() + "/latin1-run";
  std::filesystem::remove_all(out);
  EXPECT_EQ(RunChainsim("run " + file + " --out " + out).exit_code, 2);
  EXPECT_FALSE(Exists(out)) << "a failed run left " << out;
}

TEST(ScenarioInputTest, ALoneCommaFailsAtOnceInsteadOfLoopingForever) {
  const std::string file = WriteFile("comma.yaml", ",");
  const Outcome outcome = RunChainsim("validate " + file, "", /*timeout_s=*/20);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find(file + ":1:1: YAML syntax error: unexpected ','"),
            std::string::npos)
      << outcome.output;
}

TEST(ScenarioInputTest, ADirectoryIsNotAScenario) {
  const std::string folder = ::testing::TempDir();
  for (const std::string& command : {"validate " + folder, "run " + folder}) {
    const Outcome outcome = RunChainsim(command);
    EXPECT_EQ(outcome.exit_code, 2) << command << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find("is a directory"), std::string::npos) << outcome.output;
  }
}

TEST(ScenarioInputTest, ValidateReadsTheRegionTableAsRunWould) {
  const std::string table = ::testing::TempDir() + "/table.bin";
  std::ofstream(table, std::ios::binary) << std::string(
      "\x7f"
      "ELF\x02\x01\0\0{[\x90\xff\xfe",
      14);
  const std::string file =
      WriteFile("binary-table.yaml",
                "nodes: 10\nnetwork: {topology: {kind: regions, table: " + table + "}}\n");
  const Outcome outcome = RunChainsim("validate " + file);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find(file + ":2:44: network.topology.table: bad region table:"),
            std::string::npos)
      << outcome.output;
}

TEST(ScenarioInputTest, ScenariosBeyondTheMachineAreRefusedWithTheEstimateUnlessForced) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"million-mesh.yaml", "nodes: 1000000\n"},
      {"transactions.yaml", "workload: {transactions: 1e18/s}\n"},
      {"samples.yaml", "sample_interval: 1ns\n"},
      {"blocks.yaml", "mining: {block_interval: 1ns}\n"},
      {"difficulty.yaml", "chain: {difficulty: 8}\n"},
  };
  for (const auto& [name, yaml] : cases) {
    const std::string file = WriteFile(name, yaml);
    for (const std::string command : {"validate ", "run "}) {
      const Outcome outcome = RunChainsim(command + file, "", /*timeout_s=*/20);
      EXPECT_EQ(outcome.exit_code, 2) << command << name << "\n" << outcome.output;
      EXPECT_NE(outcome.output.find(file + ": the run is estimated to cost more than this machine "
                                           "allows"),
                std::string::npos)
          << outcome.output;
      EXPECT_NE(outcome.output.find("estimate: "), std::string::npos) << outcome.output;
      EXPECT_NE(outcome.output.find("--force runs it anyway"), std::string::npos) << outcome.output;
    }
  }
  const Outcome forced =
      RunChainsim("validate --force " + WriteFile("d8.yaml", "chain: {difficulty: 8}\n"));
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(forced.output.find("cost:      about"), std::string::npos) << forced.output;
}

TEST(ScenarioInputTest, SeedMustBeAnUnsigned64BitInteger) {
  for (const std::string seed : {"-1", "18446744073709551616", "1e3", "0x10", ""}) {
    const Outcome outcome = RunChainsim("run " + TinyScenario() + " --seed '" + seed + "'");
    EXPECT_EQ(outcome.exit_code, 2) << seed << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find("--seed: '" + seed +
                                  "' is not an integer in range (expected an integer from 0 to "
                                  "18446744073709551615)"),
              std::string::npos)
        << outcome.output;
  }
  const Outcome largest =
      RunChainsim("run " + TinyScenario() + " --json --seed 18446744073709551615");
  EXPECT_EQ(largest.exit_code, 0) << largest.output;
  EXPECT_EQ(ParseJson(largest.output).value()["seed"], 18446744073709551615u);
}

TEST(ScenarioInputTest, UntilIsHeldToTheRulesOfDuration) {
  Outcome outcome = RunChainsim("run " + TinyScenario() + " --until 0", "", /*timeout_s=*/20);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--until: 0 is too short (expected a duration above 0)"),
            std::string::npos)
      << outcome.output;
  outcome = RunChainsim("run " + TinyScenario() + " --until 60000d", "", /*timeout_s=*/20);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--until: 60000d is too long (expected at most 50000d)"),
            std::string::npos)
      << outcome.output;
}

TEST(ScenarioInputTest, NodeDifficultyIsBoundedLikeScenarioFiles) {
  const Outcome outcome = RunChainsim("node --port 0 --difficulty 9", "", /*timeout_s=*/20);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--difficulty"), std::string::npos) << outcome.output;
}

TEST(ScenarioInputTest, OutMustNameAWritableFolderAndIsCheckedBeforeTheRun) {
  Outcome outcome = RunChainsim("run " + TinyScenario() + " --out ''");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--out: an empty name (expected where to write the run's output)"),
            std::string::npos)
      << outcome.output;
  // Under a regular file: no folder can be made there.
  const std::string under_file = TinyScenario() + "/runs";
  outcome = RunChainsim("run " + TinyScenario() + " --out " + under_file);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--out: " + under_file + ": cannot write the output folder"),
            std::string::npos)
      << outcome.output;
  EXPECT_EQ(outcome.output.find("Blocks"), std::string::npos) << "the run went ahead";
}

TEST(ScenarioInputTest, HtmlMustNameAFileThatCanBeWritten) {
  const Outcome outcome = RunChainsim("run " + TinyScenario() + " --html ''");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("--html: an empty name"), std::string::npos) << outcome.output;
}

TEST(ScenarioInputTest, ValidateReadsStandardInput) {
  const Outcome outcome = RunChainsim("validate -", "nodes: 3\nname: piped\n");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("name:      piped"), std::string::npos) << outcome.output;
  const Outcome bad = RunChainsim("validate -", "nodes: zero\n");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("<stdin>:1:8: nodes: 'zero' is not an integer"), std::string::npos)
      << bad.output;
}

TEST(ValidateCommandTest, WarnsOfAnIsolatedPartitionMemberAndStillSaysOk) {
  // A line 0-1-2-3 split into {0, 2} and {1, 3}: nobody has a link in its group.
  const Outcome outcome = RunChainsim(
      "validate " +
      WriteFile("isolated.yaml",
                "nodes: 4\nnetwork:\n  topology: line\ntimeline:\n"
                "  - {at: 1min, partition: {a: [0, 2], b: [1, 3]}}\n  - {at: 2min, heal: true}\n"));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("warning: the partition at 1min: group 'a': nodes 0, 2 have no "
                                "link to another node of the group"),
            std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("\nok\n"), std::string::npos) << outcome.output;
  const Outcome quiet = RunChainsim(
      "validate " + WriteFile("connected-line.yaml", "nodes: 4\nnetwork:\n  topology: line\n"));
  EXPECT_EQ(quiet.output.find("warning"), std::string::npos) << quiet.output;
}

TEST(CommandLineTest, NoCommandPrintsHelpToStandardErrorAndExitsTwo) {
  const Outcome outcome = RunChainsim("");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("Subcommands:"), std::string::npos) << outcome.output;
  // Nothing on standard output: the help is an error message here.
  FILE* pipe = popen((std::string(CHAINSIM_BINARY) + " 2>/dev/null").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  EXPECT_EQ(std::fgetc(pipe), EOF);
  pclose(pipe);
  EXPECT_EQ(RunChainsim("--help").exit_code, 0);
}

TEST(CommandLineTest, AnUnknownCommandExitsTwoAndSaysSo) {
  for (const std::string command : {"frobnicate", "runn scenarios/partition-heal.yaml"}) {
    const Outcome outcome = RunChainsim(command);
    EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
    EXPECT_NE(outcome.output.find("chainsim: unknown command '" +
                                  command.substr(0, command.find(' ')) + "' (expected one of: "),
              std::string::npos)
        << outcome.output;
  }
}

// Issue 11: `run` without a file and a file with no keys used to run two
// different "default" scenarios.
TEST(RunCommandTest, WithoutAFileRunsTheScenarioOfAnEmptyFile) {
  const auto report = [](const std::string& file) {
    const Outcome outcome = RunChainsim("run " + file + " --json --until 2min");
    EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
    Json json = ParseJson(outcome.output).value();
    json.erase("run");
    return json;
  };
  const Json without_file = report("");
  EXPECT_EQ(without_file, report(WriteFile("empty.yaml", "")));
  EXPECT_EQ(without_file["scenario"]["nodes"], 10);
}

}  // namespace
}  // namespace chainsim
