// chainsim: the command-line program. Parses the command line, runs the chosen
// subcommand, and turns bad input into a plain message and exit code 2.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "apps/cli/cli_common.h"
#include "apps/cli/demo_command.h"
#include "apps/cli/node_command.h"
#include "apps/cli/run_command.h"
#include "apps/cli/sweep_command.h"
#include "apps/cli/validate_command.h"
#include "apps/cli/verify_command.h"

int main(int argc, char** argv) {
  using namespace chainsim::cli;
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  if (!dispatch.run) {
    std::cout << app.help();
    return kExitOk;
  }
  try {
    return dispatch.run();
  } catch (const UsageError& e) {
    std::cerr << "chainsim: " << e.what() << "\n";
    return kExitBadInput;
  }
}
