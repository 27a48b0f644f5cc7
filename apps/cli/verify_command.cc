#include "apps/cli/verify_command.h"

#include <iostream>
#include <memory>

#include "apps/cli/cli_common.h"
#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "core/valid_chain.h"

namespace chainsim::cli {
namespace {

struct VerifyOptions {
  std::string file;
  ChainRules rules;
  std::string variant = "tutorial";
};

// Appends `text` right-aligned in a column of `width` characters.
void AppendColumn(std::string_view text, std::size_t width, std::string& out) {
  if (text.size() < width) out.append(width - text.size(), ' ');
  out += text;
}

int RunVerify(const VerifyOptions& options) {
  const std::string text = ReadInput(options.file);
  const std::string name = options.file == "-" ? "<stdin>" : options.file;
  ChainRules rules = options.rules;
  rules.proof_variant = ParseProofVariant(options.variant).value();

  const Result<Chain> chain = ParseChain(text);
  if (!chain) throw UsageError(name + ": " + chain.error().message);
  if (chain->empty()) {
    throw UsageError(name + ": the chain is empty (a chain has at least its genesis block)");
  }

  const ChainVerdict verdict = CheckChain(*chain, rules);
  // The table goes out in pieces of about 64 kB: one buffer, reused.
  constexpr std::size_t kPiece = std::size_t{1} << 16;
  std::string out = "position  index  hash\n";
  out.reserve(kPiece + 256);
  std::string index;
  for (std::size_t i = 0; i < chain->size(); ++i) {
    const Block& block = *(*chain)[i];
    AppendColumn(std::to_string(i), 8, out);
    out += "  ";
    index.clear();
    AppendJson(block.index(), JsonStyle::kCanonical, index);  // an integer of any size
    AppendColumn(index, 5, out);
    out += "  ";
    out += block.hash();
    if (!verdict.valid && i == verdict.failed_position) out += "  <- fails";
    out += '\n';
    if (out.size() >= kPiece) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out;
  if (verdict.valid) {
    std::cout << name << ": valid chain of " << chain->size() << " blocks (difficulty "
              << rules.difficulty << ", " << Name(rules.proof_variant) << " proof";
    if (rules.retarget.every > 0) {
      std::cout << ", retargeted every " << rules.retarget.every << " blocks toward "
                << rules.retarget.target_interval << " s; next block's largest valid hash "
                << NextTarget(*chain, rules).MaxDigestHex();
    }
    std::cout << ")\n";
    return kExitOk;
  }
  const Block& bad = *(*chain)[verdict.failed_position];
  std::cout << name << ": INVALID at position " << verdict.failed_position << " (index "
            << ToJson(bad.index()) << "): " << verdict.reason << "\n";
  return kExitFailed;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, Dispatch& dispatch) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* verify = app.add_subcommand(
      "verify", "Check a chain file (a /chain body or a list of blocks) as valid_chain does");
  verify->add_option("FILE", options->file, "chain file, or - for standard input")->required();
  verify->add_option("--difficulty", options->rules.difficulty, "leading hex zeros of a proof")
      ->check(CLI::Range(0, kMaxDifficulty))
      ->capture_default_str();
  verify->add_option("--variant", options->variant, "proof variant: tutorial or article")
      ->check(CLI::IsMember({"tutorial", "article"}))
      ->capture_default_str();
  AddRetargetOptions(*verify, options->rules.retarget);
  verify->callback(
      [options, &dispatch] { dispatch.run = [options] { return RunVerify(*options); }; });
}

}  // namespace chainsim::cli
