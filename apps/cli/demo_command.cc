#include "apps/cli/demo_command.h"

#include <array>
#include <iostream>
#include <memory>
#include <string>

#include "core/blockchain.h"
#include "core/canonical_json.h"
#include "core/node_id.h"

namespace chainsim::cli {
namespace {

// A node of the demo: a name people can follow, and its blockchain.
struct DemoNode {
  std::string name;
  std::string address;
  Blockchain chain;
};

std::string Short(const std::string& hash) { return hash.substr(0, 8); }

std::string Describe(const DemoNode& node) {
  std::string text = node.name + " holds " + std::to_string(node.chain.chain().size()) + " blocks:";
  for (const BlockPtr& block : node.chain.chain()) text += " " + Short(block->hash());
  return text;
}

class Demo {
 public:
  explicit Demo(const ChainRules& rules)
      : alice_{"alice", "http://127.0.0.1:5001", Blockchain(rules, NodeIdFromBits(1, 1), kStart)},
        bob_{"bob", "http://127.0.0.1:5002",
             Blockchain(rules, NodeIdFromBits(2, 2), kStart + 0.5)} {}

  int Run() {
    Say("Two nodes start, each with its own genesis block (the reference stamps genesis "
        "with its start time, so no two nodes share one).");
    Show();
    Mine(alice_);
    Mine(alice_);
    Mine(bob_);
    Show();

    Say("They register each other (POST /nodes/register).");
    Register(alice_, bob_);
    Register(bob_, alice_);

    Say("bob resolves (GET /nodes/resolve): alice's chain is longer and valid, so bob "
        "adopts it and his own block 2 is discarded.");
    Resolve(bob_, alice_);
    Show();

    Say("Both now mine on the same tip at the same time: a fork. Each chain has the same "
        "length, and resolve keeps ours on a tie, so the fork stays.");
    bob_.chain.NewTransaction("bob", "carol", 5);
    std::cout << "  bob queues a transaction: bob pays carol 5\n";
    Mine(alice_);
    Mine(bob_);
    Resolve(alice_, bob_);
    Resolve(bob_, alice_);
    Show();

    Say("alice finds the next block first. Her chain is now the longest: bob's resolve "
        "switches to it, and bob's block, with carol's payment, is discarded. The "
        "transaction is lost: the reference never puts it back in the queue.");
    Mine(alice_);
    Resolve(bob_, alice_);
    Show();
    const bool agree = alice_.chain.last_block().hash() == bob_.chain.last_block().hash();
    Say(agree ? "The nodes agree again: the fork is resolved." : "The nodes still disagree.");
    return agree ? kExitOk : kExitFailed;
  }

 private:
  static constexpr double kStart = 1795491520.0;

  void Say(const std::string& text) { std::cout << "\n" << ++step_ << ". " << text << "\n"; }

  void Show() { std::cout << "  " << Describe(alice_) << "\n  " << Describe(bob_) << "\n"; }

  void Mine(DemoNode& node) {
    clock_ += 7.0;
    const BlockPtr block = node.chain.Mine(kStart + clock_);
    std::cout << "  " << node.name << " mines block " << block->index() << " "
              << Short(block->hash()) << " (proof " << block->proof() << ", "
              << block->transactions().size() << " transactions)\n";
  }

  static void Register(DemoNode& node, const DemoNode& peer) {
    const Result<std::string> stored = node.chain.RegisterNode(peer.address);
    std::cout << "  " << node.name << " registers " << peer.address << " -> stored as "
              << stored.value() << "\n";
  }

  static void Resolve(DemoNode& node, const DemoNode& peer) {
    const std::array<const Chain*, 1> candidates = {&peer.chain.chain()};
    const ResolveDecision decision = node.chain.Resolve(candidates);
    std::cout << "  " << node.name << " resolves against " << peer.name << ": "
              << (decision.winner ? "Our chain was replaced" : "Our chain is authoritative")
              << "\n";
  }

  DemoNode alice_;
  DemoNode bob_;
  double clock_ = 0.0;
  int step_ = 0;
};

}  // namespace

void AddDemoCommand(CLI::App& app, Dispatch& dispatch) {
  auto rules = std::make_shared<ChainRules>();
  CLI::App* demo = app.add_subcommand(
      "demo", "Two in-process nodes mine, register each other, fork and resolve");
  demo->add_option("--difficulty", rules->difficulty, "leading hex zeros of a proof")
      ->check(CLI::Range(0, 6))
      ->capture_default_str();
  demo->callback([rules, &dispatch] { dispatch.run = [rules] { return Demo(*rules).Run(); }; });
}

}  // namespace chainsim::cli
