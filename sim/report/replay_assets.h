#pragma once
// The replay page's template, compiled into the program from
// sim/report/replay/ by sim/report/CMakeLists.txt (the generated
// replay_assets.cc): the page works from any folder, with no file beside it.

#include <string_view>

namespace chainsim::sim {

// replay.html: the page, with /*CHAINSIM_CSS*/, "CHAINSIM_DATA" and
// /*CHAINSIM_JS*/ where the style, the run's data and the script go.
std::string_view ReplayHtmlTemplate();
// replay.css.
std::string_view ReplayCss();
// The script: replay_logic.js (hashing, canonical JSON edits, the state at a
// time; no browser needed), replay_network.js (the network view),
// replay_tamper.js (tamper mode), replay_race.js (the race view), then
// replay_view.js (the other views, the
// controls, and what ties them together).
std::string_view ReplayJs();

}  // namespace chainsim::sim
