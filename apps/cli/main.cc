// chainsim: the command-line program. Parses the command line, runs the chosen
// subcommand, and turns bad input into a plain message and exit code 2 (no
// subcommand or an unknown one included: --help and --version exit 0).

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "apps/cli/cli_common.h"
#include "apps/cli/demo_command.h"
#include "apps/cli/node_command.h"
#include "apps/cli/run_command.h"
#include "apps/cli/sweep_command.h"
#include "apps/cli/validate_command.h"
#include "apps/cli/verify_command.h"

namespace {

using chainsim::cli::AddDemoCommand;
using chainsim::cli::AddNodeCommand;
using chainsim::cli::AddRunCommand;
using chainsim::cli::AddSweepCommand;
using chainsim::cli::AddValidateCommand;
using chainsim::cli::AddVerifyCommand;
using chainsim::cli::Dispatch;
using chainsim::cli::kExitBadInput;
using chainsim::cli::UsageError;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "chainsim: a network simulator for the blockchain of \"Learn Blockchains by "
      "Building One\""};
  app.set_version_flag("--version", CHAINSIM_VERSION);
  app.require_subcommand(0, 1);
  Dispatch dispatch;
  AddRunCommand(app, dispatch);
  AddVerifyCommand(app, dispatch);
  AddDemoCommand(app, dispatch);
  AddNodeCommand(app, dispatch);
  AddValidateCommand(app, dispatch);
  AddSweepCommand(app, dispatch);

  // A first word that is not an option must name a subcommand.
  if (argc >= 2 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
      names.push_back(command->get_name());
    }
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      std::string list;
      for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
      std::cerr << "chainsim: unknown command '" << argv[1] << "' (expected one of: " << list
                << "; chainsim --help lists them)\n";
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  if (!dispatch.run) {  // no subcommand: say what there is, on standard error
    std::cerr << app.help() << "chainsim: a command is needed (see the list above)\n";
    return kExitBadInput;
  }
  try {
    return dispatch.run();
  } catch (const UsageError& e) {
    std::cerr << "chainsim: " << e.what() << "\n";
    return kExitBadInput;
  }
}
